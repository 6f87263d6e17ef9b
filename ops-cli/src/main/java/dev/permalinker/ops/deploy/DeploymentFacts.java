package dev.permalinker.ops.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment's facts by {@link DeploymentOutput} name, read once: a CloudFormation stack's outputs on AWS
 * ({@code aws.StackOutputs}) or the {@link DeploymentOutput#FACTS_FILE} {@code serve} writes into its data directory.
 * Unknown names are ignored (a newer stack may have more outputs); a fact the deployment lacks is absent, and
 * {@link #require} names it and where it was looked for.
 *
 * @param source where the facts came from, as an operator would name it ({@code stack Permalinker (eu-west-1)},
 *               {@code ./.permalinker-data/deployment.json})
 * @param values the facts
 */
public record DeploymentFacts(String source, Map<DeploymentOutput, String> values) {

    public DeploymentFacts {
        values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
    }

    /** The fact, when the deployment has it. */
    public Optional<String> get(DeploymentOutput output) {
        return Optional.ofNullable(values.get(output)).filter(v -> !v.isBlank());
    }

    /**
     * The fact, or a {@link DeploymentFactsException} naming the output, the source and what else gives the value
     * ({@code alternative}, e.g. {@code set QUEUE_URL or pass --queue-url}).
     */
    public String require(DeploymentOutput output, String alternative) {
        return get(output).orElseThrow(() -> new DeploymentFactsException(source + " has no output " + output.name()
                + (alternative.isBlank() ? "" : ": " + alternative)));
    }

    /**
     * Reads {@code dataDir/deployment.json}: a JSON object of output name to string value, as {@code serve} writes
     * it. A missing file or one that is not such an object is a {@link DeploymentFactsException} saying so.
     */
    public static DeploymentFacts fromDataDirectory(Path dataDir, JsonCodec json) {
        Path file = dataDir.resolve(DeploymentOutput.FACTS_FILE);
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DeploymentFactsException("no deployment facts at " + file + ": start permalinker-local serve "
                    + "with DATA_DIR=" + dataDir + " (it writes them), or pass --data-dir with serve's DATA_DIR");
        } catch (JsonProcessingException e) {
            // Jackson's own message spans lines and quotes the garbage: the place is enough.
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new DeploymentFactsException(file + " is not JSON" + at + ": fix it, or delete it and start serve "
                    + "again (it writes the file)");
        } catch (IOException e) {
            throw new DeploymentFactsException("cannot read " + file + ": " + (e.getMessage() != null
                    ? e.getMessage() : e.getClass().getSimpleName()));
        }
        if (root == null || !root.isObject()) {
            throw new DeploymentFactsException(file + " is not a JSON object of output name to value");
        }
        Map<DeploymentOutput, String> values = new EnumMap<>(DeploymentOutput.class);
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual()) {
                DeploymentOutput.fromKey(field.getKey()).ifPresent(o -> values.put(o, field.getValue().textValue()));
            }
        }
        return new DeploymentFacts(file.toString(), values);
    }

    /** The outputs of a stack, as listed by CloudFormation ({@code OutputKey -> OutputValue}). */
    public static DeploymentFacts fromOutputs(String source, Map<String, String> outputs) {
        Map<DeploymentOutput, String> values = new EnumMap<>(DeploymentOutput.class);
        outputs.forEach((key, value) -> DeploymentOutput.fromKey(key).ifPresent(o -> values.put(o, value)));
        return new DeploymentFacts(source, values);
    }
}

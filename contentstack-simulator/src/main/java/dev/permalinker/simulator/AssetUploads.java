package dev.permalinker.simulator;

import com.sun.net.httpserver.HttpExchange;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v3/assets}: an upload as multipart/form-data with the file in {@code asset[upload]} ("Upload asset",
 * https://www.contentstack.com/docs/developers/apis/content-management-api#upload-asset). The other fields
 * ({@code asset[title]}, {@code asset[parent_uid]} …) are not kept: the title is the file name.
 * Answers 201 {@code {"notice","asset"}}; the new asset's webhooks then go out. The stack, token and write budget
 * are checked by {@link CmaRoutes} first.
 */
final class AssetUploads {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private final AssetStore store;
    private final JsonCodec json;
    private final BiConsumer<SimulatedAsset, String> created;

    AssetUploads(AssetStore store, JsonCodec json, BiConsumer<SimulatedAsset, String> created) {
        this.store = store;
        this.json = json;
        this.created = created;
    }

    void handle(HttpExchange exchange, String apiKey) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Matcher boundary = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (boundary == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || !boundary.find()) {
            error(exchange, 400, "An upload must be multipart/form-data with the file in asset[upload].");
            return;
        }
        // ISO-8859-1 keeps every byte as one character, so part sizes are byte counts.
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
        String filename = null;
        String fileType = "application/octet-stream";
        for (String part : body.split("--" + Pattern.quote(boundary.group(1)))) {
            int end = part.indexOf("\r\n\r\n");
            if (end < 0) {
                continue;
            }
            String headers = part.substring(0, end);
            Matcher name = NAME.matcher(headers);
            if (!name.find()) {
                continue;
            }
            if (name.group(1).equals("asset[upload]")) {
                Matcher file = FILENAME.matcher(headers);
                filename = file.find() ? new String(file.group(1).getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.UTF_8) : null;
                for (String line : headers.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                        fileType = line.substring("content-type:".length()).trim();
                    }
                }
            }
        }
        if (filename == null || filename.isBlank()) {
            error(exchange, 422, "Asset creation failed: asset[upload] must be a file.");
            return;
        }
        String uid = "blt" + HexFormat.of().formatHex(randomBytes());
        String host = fileType.startsWith("image/") ? "images.contentstack.io" : "assets.contentstack.io";
        String branch = exchange.getRequestHeaders().getFirst("branch");
        SimulatedAsset asset = store.create(apiKey, uid, filename,
                "https://" + host + "/v3/assets/" + apiKey + "/" + uid + "/" + HexFormat.of().formatHex(randomBytes())
                        + "/" + filename.replace(' ', '_'), fileType);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("notice", "Asset created successfully.");
        answer.put("asset", CmaRoutes.view(asset));
        byte[] bytes = json.write(answer).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, bytes.length);
        exchange.getResponseBody().write(bytes);
        created.accept(asset, branch != null && Identifiers.isSafe(branch) ? branch : Identifiers.DEFAULT_BRANCH);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_message", message);
        body.put("error_code", 141);
        body.put("errors", Map.of("asset.upload", List.of("is not valid.")));
        byte[] bytes = json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

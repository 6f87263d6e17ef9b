package dev.permalinker.simulator;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.SigningKeyPem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Map;

/**
 * What a persistent simulator ({@link ContentstackSimulator#startPersistent}) keeps in its state file between
 * processes: the port it listened on, the stacks with their management tokens, the assets (with their permanent
 * URLs), the webhooks as configured, and the webhook signing key. Executions, counters, faults and the request log
 * are a test's instruments and start empty each time.
 *
 * <p><b>Assumption of ours, not Contentstack's:</b> a real stack simply goes on existing; this file is how the
 * simulated one does, so {@code serve --simulate} continues where it stopped (README of this module).
 */
record SimulatorState(int version, int port, Map<String, String> stacks, List<SimulatedAsset> assets,
                      List<SimulatedWebhook> webhooks, long webhookIds, String signingKeyPem) {
    static final int VERSION = 1;

    static SimulatorState read(Path file, JsonCodec json) {
        try {
            SimulatorState state = json.read(Files.readString(file), SimulatorState.class);
            if (state.version() != VERSION || state.signingKeyPem() == null) {
                throw new IllegalArgumentException("version " + state.version() + ", expected " + VERSION);
            }
            if (state.assets() != null && state.assets().stream()
                    .anyMatch(a -> a == null || a.apiKey() == null || a.uid() == null)) {
                throw new IllegalArgumentException("an asset without its apiKey or uid");
            }
            return new SimulatorState(state.version(), state.port(),
                    state.stacks() == null ? Map.of() : state.stacks(),
                    state.assets() == null ? List.of() : state.assets(),
                    state.webhooks() == null ? List.of() : state.webhooks(), state.webhookIds(),
                    state.signingKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated stack in " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the simulated stack in " + file + " cannot be read (" + e.getMessage()
                    + "); move it away to start a new one", e);
        }
    }

    /** Writes the file whole (a temporary file moved over it), readable by its owner only. */
    void write(Path file, JsonCodec json) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")));
        }
        Files.write(temporary, json.writeBytes(this));
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The signing key pair: the private key as saved, its public half derived from it. */
    KeyPair signingKey() {
        PrivateKey privateKey = SigningKeyPem.privateKey(signingKeyPem);
        try {
            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) privateKey;
            return new KeyPair(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(),
                    rsa.getPublicExponent())), privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("the saved signing key is not an RSA private key", e);
        }
    }
}

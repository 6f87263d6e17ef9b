package dev.permalinker.simulator;

/** An asset as the simulator stores it; {@code permanentUrl} is {@code null} until set. */
public record SimulatedAsset(String apiKey, String uid, String filename, String url, String contentType,
                             String createdAt, String permanentUrl) {

    SimulatedAsset withPermanentUrl(String value) {
        return new SimulatedAsset(apiKey, uid, filename, url, contentType, createdAt, value);
    }
}

package dev.permalinker.simulator;

import dev.permalinker.model.AssetInfo;

/** An asset as the simulator stores it; {@code permanentUrl} is {@code null} until set. */
public record SimulatedAsset(String apiKey, String uid, String filename, String url, String contentType,
                             String createdAt, String permanentUrl) {

    /** What a webhook would say of this asset. */
    public AssetInfo info() {
        return new AssetInfo(uid, filename, url, filename, contentType, "");
    }

    SimulatedAsset withPermanentUrl(String value) {
        return new SimulatedAsset(apiKey, uid, filename, url, contentType, createdAt, value);
    }
}

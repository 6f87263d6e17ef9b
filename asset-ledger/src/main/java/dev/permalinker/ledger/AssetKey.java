package dev.permalinker.ledger;

import dev.permalinker.model.Identifiers;
import dev.permalinker.model.PermalinkJob;

/**
 * Which asset a ledger row is about: the stack's API key, the branch and the asset's uid, as a job names them
 * ({@link PermalinkJob#assetKey()}). Each part matches {@link Identifiers#SAFE_ID}, so a store can join them with a
 * separator outside that set.
 */
public record AssetKey(String apiKey, String branch, String assetUid) {

    public AssetKey {
        require("apiKey", apiKey);
        require("branch", branch);
        require("assetUid", assetUid);
    }

    /** The asset a job is about. */
    public static AssetKey of(PermalinkJob job) {
        return new AssetKey(job.apiKey(), job.branch(), job.assetUid());
    }

    /** The stack and branch the asset belongs to. */
    public ScanScope scope() {
        return new ScanScope(apiKey, branch);
    }

    static void require(String name, String value) {
        if (!Identifiers.isSafe(value)) {
            throw new IllegalArgumentException(name + " must match " + Identifiers.SAFE_ID + ", was '" + value + "'");
        }
    }
}

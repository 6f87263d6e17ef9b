package dev.permalinker.ledger;

/** A stack and branch: what one reconciler checkpoint covers. Both parts match the project's safe identifiers. */
public record ScanScope(String apiKey, String branch) {

    public ScanScope {
        AssetKey.require("apiKey", apiKey);
        AssetKey.require("branch", branch);
    }
}

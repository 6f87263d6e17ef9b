package dev.permalinker.model;

import java.util.regex.Pattern;

/** Rules for the identifiers that end up in URL paths and headers: stack API keys, asset UIDs, branches. */
public final class Identifiers {
    /** API keys, asset UIDs and branch UIDs become URL path segments or header values: nothing else gets through. */
    public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public static final String DEFAULT_BRANCH = "main";

    private Identifiers() {
    }

    public static boolean isSafe(String value) {
        return value != null && SAFE_ID.matcher(value).matches();
    }
}

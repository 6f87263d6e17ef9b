package dev.permalinker.model;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A Contentstack region and the host of its Content Management API.
 *
 * <p>Hosts from https://www.contentstack.com/docs/developers/apis/content-management-api#base-url
 */
public enum Region {
    NA("api.contentstack.io", "US"),
    EU("eu-api.contentstack.com"),
    AU("au-api.contentstack.com"),
    AZURE_NA("azure-na-api.contentstack.com"),
    AZURE_EU("azure-eu-api.contentstack.com"),
    GCP_NA("gcp-na-api.contentstack.com"),
    GCP_EU("gcp-eu-api.contentstack.com");

    private final String cmaHost;
    private final String[] aliases;

    Region(String cmaHost, String... aliases) {
        this.cmaHost = cmaHost;
        this.aliases = aliases;
    }

    public String cmaHost() {
        return cmaHost;
    }

    public URI cmaBaseUrl() {
        return URI.create("https://" + cmaHost);
    }

    /** The name used in configuration: {@code AZURE-NA}, not {@code AZURE_NA}. */
    public String configName() {
        return name().replace('_', '-');
    }

    /** Parses a configured region name or alias, case-insensitively; {@code _} and {@code -} are the same. */
    public static Region parse(String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        for (Region region : values()) {
            if (region.configName().equals(wanted) || Arrays.asList(region.aliases).contains(wanted)) {
                return region;
            }
        }
        throw new IllegalArgumentException("unknown region '" + value + "', expected one of "
                + Arrays.stream(values()).map(Region::configName).collect(Collectors.joining(", "))
                + " (US is an alias of NA)");
    }
}

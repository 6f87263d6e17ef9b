package dev.permalinker.model;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Contentstack region and its hosts: the Content Management API, the app (which publishes the webhook signing
 * key) and the two delivery hosts of assets (images, and every other file).
 *
 * <p>Hosts from https://www.contentstack.com/docs/developers/contentstack-regions/api-endpoints and
 * https://www.contentstack.com/docs/apis/image-delivery-api/ (base URLs per region). North America's delivery hosts
 * are documented in two spellings: {@code images.contentstack.io} / {@code assets.contentstack.io} (API endpoints,
 * "Understanding Asset URL") and {@code images.contentstack.com} (the branches documentation's asset URLs, which
 * carry {@code ?branch=…}); both are kept as Contentstack wrote them. The other regions document {@code .com} only.
 */
public enum Region {
    NA("api.contentstack.io", "app.contentstack.com", "images.contentstack.io", "assets.contentstack.io",
            List.of("images.contentstack.com", "assets.contentstack.com"), "US"),
    EU("eu-api.contentstack.com", "eu-app.contentstack.com", "eu-images.contentstack.com",
            "eu-assets.contentstack.com"),
    AU("au-api.contentstack.com", "au-app.contentstack.com", "au-images.contentstack.com",
            "au-assets.contentstack.com"),
    AZURE_NA("azure-na-api.contentstack.com", "azure-na-app.contentstack.com", "azure-na-images.contentstack.com",
            "azure-na-assets.contentstack.com"),
    AZURE_EU("azure-eu-api.contentstack.com", "azure-eu-app.contentstack.com", "azure-eu-images.contentstack.com",
            "azure-eu-assets.contentstack.com"),
    GCP_NA("gcp-na-api.contentstack.com", "gcp-na-app.contentstack.com", "gcp-na-images.contentstack.com",
            "gcp-na-assets.contentstack.com"),
    GCP_EU("gcp-eu-api.contentstack.com", "gcp-eu-app.contentstack.com", "gcp-eu-images.contentstack.com",
            "gcp-eu-assets.contentstack.com");

    private final String cmaHost;
    private final String appHost;
    private final String imagesHost;
    private final String assetsHost;
    private final List<String> deliveryHosts;
    private final List<String> aliases;

    Region(String cmaHost, String appHost, String imagesHost, String assetsHost) {
        this(cmaHost, appHost, imagesHost, assetsHost, List.of());
    }

    Region(String cmaHost, String appHost, String imagesHost, String assetsHost, List<String> otherSpellings,
            String... aliases) {
        this.cmaHost = cmaHost;
        this.appHost = appHost;
        this.imagesHost = imagesHost;
        this.assetsHost = assetsHost;
        this.deliveryHosts = Stream.concat(Stream.of(imagesHost, assetsHost), otherSpellings.stream()).toList();
        this.aliases = List.of(aliases);
    }

    public String cmaHost() {
        return cmaHost;
    }

    public URI cmaBaseUrl() {
        return URI.create("https://" + cmaHost);
    }

    /** The web app's host; it publishes the webhook signing key. */
    public String appHost() {
        return appHost;
    }

    /** {@code https://{app host}/.well-known/public-keys.json}: Contentstack's webhook signing key. */
    public URI signingKeyUrl() {
        return URI.create("https://" + appHost + "/.well-known/public-keys.json");
    }

    /** Delivery host of image assets. */
    public String imagesHost() {
        return imagesHost;
    }

    /** Delivery host of every other asset. */
    public String assetsHost() {
        return assetsHost;
    }

    /** Every documented delivery host name of this region: images, assets, then other documented spellings. */
    public List<String> deliveryHosts() {
        return deliveryHosts;
    }

    /** Whether {@code host} is one of this region's documented delivery host names (case-insensitive). */
    public boolean isDeliveryHost(String host) {
        for (String known : deliveryHosts) {
            if (known.equalsIgnoreCase(host)) {
                return true;
            }
        }
        return false;
    }

    /** The name used in configuration: {@code AZURE-NA}, not {@code AZURE_NA}. */
    public String configName() {
        return name().replace('_', '-');
    }

    /** Parses a configured region name or alias, case-insensitively; {@code _} and {@code -} are the same. */
    public static Region parse(String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        for (Region region : values()) {
            if (region.configName().equals(wanted) || region.aliases.contains(wanted)) {
                return region;
            }
        }
        throw new IllegalArgumentException("unknown region '" + value + "', expected one of "
                + Arrays.stream(values()).map(Region::configName).collect(Collectors.joining(", "))
                + " (US is an alias of NA)");
    }
}

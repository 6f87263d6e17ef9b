package dev.permalinker.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the ingest sees it, whatever carried it (API Gateway, the local runner's server).
 *
 * @param headers  header names are matched case-insensitively; several values of one header joined by {@code ,}
 * @param rawBody  the exact bytes received: signatures are checked over these
 */
public record InboundRequest(String method, String path, Map<String, String> headers, byte[] rawBody) {

    public InboundRequest {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
        rawBody = rawBody == null ? new byte[0] : rawBody;
    }

    /** The header's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        // Headers may carry secrets and the body is untrusted: neither is ever printed.
        return "InboundRequest[" + method + " " + path + ", " + rawBody.length + " bytes]";
    }
}

package dev.permalinker.simulator;

/**
 * A CMA request as the simulator received it, for tests to assert on what the client sent.
 *
 * @param branch        the {@code branch} header, or {@code null} when none was sent
 * @param authorization the {@code authorization} header as received (a simulated token)
 */
public record ReceivedRequest(String method, String path, String apiKey, String branch, String authorization) {
}

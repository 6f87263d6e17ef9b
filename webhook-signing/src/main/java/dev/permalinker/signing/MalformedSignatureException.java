package dev.permalinker.signing;

/**
 * A signature header that cannot be read. The message names what is wrong ("has no t", "v1 is not base64"), never
 * the value: a verifier passes it on to its caller. Without a stack trace: a flood of forged headers is cheap.
 */
public final class MalformedSignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedSignatureException(String reason) {
        super(reason, null, false, false);
    }
}

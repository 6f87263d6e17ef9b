package dev.permalinker.cma;

/**
 * The CMA's numeric {@code error_code}s the pipeline reads, declared once. The numbers are those Contentstack's answers
 * carry (CMA reference, "Errors", and observed answers: the simulator's README says which is which); 141 is also the
 * CMA's generic validation code, so it means "not found" only with more evidence ({@link CmaAnswer}).
 * https://www.contentstack.com/docs/developers/apis/content-management-api#errors
 */
public final class CmaErrorCode {
    /** 422 "Asset was not found.": the asset does not exist (any more). */
    public static final int ASSET_NOT_FOUND = 145;
    /** 422 "The requested object doesn't exist.", and the generic validation failure ("Asset update failed."). */
    public static final int OBJECT_DOES_NOT_EXIST = 141;
    /** 412 "We couldn't find the API key.": a wrong API key, or a stack asked for on another region's host. */
    public static final int API_KEY_OR_REGION = 109;
    /** 401 "You're not allowed in here unless you're logged in.": a wrong, revoked or other stack's token. */
    public static final int NOT_LOGGED_IN = 105;

    private CmaErrorCode() {
    }
}

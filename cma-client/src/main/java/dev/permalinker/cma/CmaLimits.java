package dev.permalinker.cma;

/**
 * The most a CMA answer may hold, by kind of call: a larger one is not read ({@link CmaAnswerTooLargeException}), so
 * a broken server or proxy cannot fill the memory of a function sized for answers of a few kilobytes. Each limit is
 * well above the largest answer of its kind the CMA documents.
 * https://www.contentstack.com/docs/developers/apis/content-management-api
 */
final class CmaLimits {
    /**
     * One asset ({@code GET}/{@code PUT /v3/assets/{uid}}): its fields, metadata and tags are a few kilobytes; 1 MiB
     * leaves room for large custom metadata.
     */
    static final long ASSET = 1L << 20;
    /**
     * A page of assets ({@code GET /v3/assets}, at most 100 per page): 100 × a few kilobytes; 8 MiB is 80 KiB per
     * asset.
     */
    static final long ASSET_PAGE = 8L << 20;
    /** A stack's webhooks, or one ({@code GET /v3/webhooks[/{uid}]}): about 1-2 KiB each; 4 MiB is thousands. */
    static final long WEBHOOKS = 4L << 20;
    /**
     * A webhook's executions ({@code GET /v3/webhooks/{uid}/executions}): each carries the event as signed
     * ({@code event_data}, an entry's whole payload) and up to six delivery attempts with their request and answer;
     * 16 MiB holds a full page of large entries.
     */
    static final long EXECUTIONS = 16L << 20;

    private CmaLimits() {
    }
}

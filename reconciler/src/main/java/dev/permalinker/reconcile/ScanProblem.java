package dev.permalinker.reconcile;

/**
 * Why part of a run ended early. Never thrown: the run logs it, reports it and goes on with the next stack; the
 * next run tries again.
 *
 * @param code   a stable wire code ({@code cma_unreachable}, {@code cma_error}, {@code no_assets},
 *               {@code page_repeated}, {@code page_limit}, {@code out_of_time}, {@code queue_unavailable},
 *               {@code webhooks_unreadable})
 * @param detail for a person: what was seen, never a token or a body beyond the CMA's error message
 */
public record ScanProblem(String code, String detail) {
    public static final String CMA_UNREACHABLE = "cma_unreachable";
    public static final String CMA_ERROR = "cma_error";
    public static final String NO_ASSETS = "no_assets";
    public static final String PAGE_REPEATED = "page_repeated";
    public static final String PAGE_LIMIT = "page_limit";
    public static final String OUT_OF_TIME = "out_of_time";
    public static final String QUEUE_UNAVAILABLE = "queue_unavailable";
    public static final String WEBHOOKS_UNREADABLE = "webhooks_unreadable";
}

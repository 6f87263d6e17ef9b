package dev.permalinker.cma;

/** Told of every CMA call's result and duration: where the worker's CMA metrics come from. */
public interface CmaCallListener {
    CmaCallListener NONE = new CmaCallListener() {
        @Override
        public void answered(int status, long nanos) {
        }

        @Override
        public void failed(long nanos) {
        }
    };

    /** The CMA answered with {@code status} after {@code nanos}. */
    void answered(int status, long nanos);

    /** No answer: connection refused or reset, timeout. */
    void failed(long nanos);
}

package dev.permalinker.ops;

import java.util.Locale;

/**
 * One go-live check of {@code permalinker-ops doctor}: what was checked, the verdict, what was found, and the fix.
 *
 * @param check   what was checked, e.g. {@code token blt…} or {@code webhook "Permalinker": retry policy}
 * @param verdict {@link Verdict#OK}, {@link Verdict#FIX} (exit 1) or {@link Verdict#UNKNOWN} (cannot be decided
 *                read-only; said so, not counted as a failure)
 * @param found   one line: what the check saw
 * @param fix     one line: what to do; empty when nothing is to be done
 */
record DoctorCheck(String check, Verdict verdict, String found, String fix) {

    /** The verdicts, with their wire codes for {@code --json}. */
    enum Verdict {
        OK, FIX, UNKNOWN;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static DoctorCheck ok(String check, String found) {
        return new DoctorCheck(check, Verdict.OK, found, "");
    }

    static DoctorCheck fix(String check, String found, String fix) {
        return new DoctorCheck(check, Verdict.FIX, found, fix);
    }

    static DoctorCheck unknown(String check, String found, String fix) {
        return new DoctorCheck(check, Verdict.UNKNOWN, found, fix);
    }
}

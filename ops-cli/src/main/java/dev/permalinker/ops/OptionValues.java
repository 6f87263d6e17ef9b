package dev.permalinker.ops;

import dev.permalinker.model.FailureCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option values every command reads the same way, as picocli converters: a refused value is a usage error that
 * names the option (picocli prefixes {@code Invalid value for option '--max':}) and says what it accepts.
 */
final class OptionValues {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([smhd])");
    /** The longest duration: the short form's largest value; a longer ISO-8601 one overflowed an instant. */
    static final Duration MAX_DURATION = Duration.ofDays(999_999);
    static final String TIME_FORMS = "a duration back from now (90m, 2h, 7d, PT2H) or a date or instant "
            + "(2026-12-01, 2026-12-01T09:00:00Z)";

    private OptionValues() {
    }

    /**
     * A point in time given either way an operator thinks of it: how long ago ({@code 2h}), or when
     * ({@code 2026-12-01}: that day's start in UTC).
     */
    record Since(Duration ago, Instant at) {
        Instant from(Instant now) {
            return at != null ? at : now.minus(ago);
        }

        @Override
        public String toString() {
            return at != null ? at.toString() : ago.toString();
        }
    }

    /** {@code --since}: {@link #TIME_FORMS}. */
    static final class SinceConverter implements ITypeConverter<Since> {
        @Override
        public Since convert(String value) {
            Since since = since(value);
            if (since == null) {
                throw new TypeConversionException("must be " + TIME_FORMS + ", was '" + value + "'");
            }
            return since;
        }
    }

    /** A duration of zero or more: {@code 15m}, {@code PT15M}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration = duration(value);
            if (duration == null || duration.isNegative()) {
                throw new TypeConversionException("must be a duration such as 15m, 2h, 1d or PT15M, was '" + value
                        + "'");
            }
            return duration;
        }
    }

    /** A count of at least one. */
    static final class PositiveCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new TypeConversionException("must be a whole number from 1 to " + Integer.MAX_VALUE + ", was '"
                    + value + "'");
        }
    }

    /** A rate per second above zero. */
    static final class PositiveRate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double rate = Double.parseDouble(value.trim());
                if (rate > 0 && rate <= 10_000) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new TypeConversionException("must be messages per second above 0 and at most 10000 (e.g. 50 or "
                    + "0.5), was '" + value + "'");
        }
    }

    /** A dead letter's {@code failure.code}, one of {@link FailureCode}'s wire values. */
    static final class FailureCodeConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String wire = value.trim().toLowerCase(Locale.ROOT);
            if (Arrays.stream(FailureCode.values()).anyMatch(code -> code.wire().equals(wire))) {
                return wire;
            }
            throw new TypeConversionException("must be a failure.code: one of " + failureCodes() + "; was '"
                    + value + "'");
        }
    }

    /** The wire values of {@link FailureCode}, for the help ({@code ${COMPLETION-CANDIDATES}}). */
    static final class FailureCodes extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FailureCodes() {
            super(Arrays.stream(FailureCode.values()).map(FailureCode::wire).toList());
        }
    }

    static String failureCodes() {
        return Arrays.stream(FailureCode.values()).map(FailureCode::wire).collect(Collectors.joining(", "));
    }

    /** {@code null} when {@code value} is neither form. */
    static Since since(String value) {
        String text = value.trim();
        Duration ago = duration(text);
        if (ago != null) {
            return ago.isZero() || ago.isNegative() ? null : new Since(ago, null);
        }
        try {
            return new Since(null, LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            try {
                return new Since(null, OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** {@code 90m}, {@code 24h}, {@code 7d}, {@code 30s} or ISO-8601 ({@code PT2H}); {@code null} otherwise. */
    static Duration duration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher shortForm = SHORT_DURATION.matcher(text);
        Duration parsed;
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            parsed = switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (text.startsWith("p") || text.startsWith("-p")) {
            try {
                parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        } else {
            return null;
        }
        return parsed.compareTo(MAX_DURATION) > 0 ? null : parsed;
    }
}

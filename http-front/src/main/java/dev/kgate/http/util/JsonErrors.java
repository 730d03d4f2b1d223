package dev.kgate.http.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.CharConversionException;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a client's JSON, in the product's words: the parser's own messages name its classes, methods
 * and settings ({@code StreamReadConstraints.getMaxNestingDepth()}), which mean nothing to a client and say more
 * than it needs to know. Every route that answers a JSON parse failure builds its message here.
 */
public final class JsonErrors {

    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");
    private static final Pattern UNCLOSED = Pattern.compile(
            "expected close marker for (Array|Object) \\(start marker at \\[.*?line: (\\d+), column: (\\d+)\\]\\)");
    /** What must never reach a client: code names, settings in backticks, locations in the parser's format. */
    private static final Pattern UNSAFE = Pattern.compile("(?i:jackson|exception|error|\\[source|"
            + "\\b(com|java|javax|org|sun)\\.[a-z])|\\(\\)|`|\\$|\\b[A-Z][a-z]+[A-Z][A-Za-z]*\\.[a-z]");
    private static final int MAX_DETAIL = 160;

    private JsonErrors() {
    }

    /** @return why the JSON cannot be read, without a class name, a setting's name or a stack trace */
    public static String describe(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException limit) {
                return overLimit(limit.getOriginalMessage());
            }
        }
        if (failure instanceof JsonEOFException eof) {
            return endsEarly(eof);
        }
        if (failure instanceof JsonProcessingException json) {
            String message = String.valueOf(json.getOriginalMessage());
            if (message.startsWith("Trailing token")) {
                return "more follows the JSON value" + at(json.getLocation());
            }
            if (message.startsWith("Non-standard token")) {
                return "the JSON is malformed" + at(json.getLocation()) + ": NaN and Infinity are not JSON numbers";
            }
            return "the JSON is malformed" + at(json.getLocation()) + detail(message);
        }
        if (failure instanceof CharConversionException) {
            return "the JSON is not valid UTF-8, UTF-16 or UTF-32 text" + detail(failure.getMessage());
        }
        String own = failure.getMessage();
        return own != null && safe(own) && own.length() <= MAX_DETAIL ? own : "the JSON cannot be read";
    }

    private static String overLimit(String message) {
        String text = String.valueOf(message);
        Matcher max = LIMIT.matcher(text);
        String limit = max.find() ? max.group(1) : null;
        if (limit == null) {
            return "the JSON is beyond what the gateway reads";
        }
        if (text.contains("getMaxNestingDepth") || text.startsWith("Document nesting depth")) {
            return "the JSON nests deeper than " + limit + " levels";
        }
        if (text.contains("getMaxNumberLength") || text.startsWith("Number value length")) {
            return "a number is longer than " + limit + " digits";
        }
        if (text.contains("getMaxStringLength") || text.startsWith("String value length")) {
            return "a string is longer than " + limit + " characters";
        }
        if (text.contains("getMaxNameLength") || text.startsWith("Name length")) {
            return "a field name is longer than " + limit + " characters";
        }
        if (text.contains("getMaxDocumentLength") || text.startsWith("Document length")) {
            return "the JSON is longer than " + limit + " bytes";
        }
        if (text.contains("getMaxTokenCount") || text.startsWith("Token count")) {
            return "the JSON has more than " + limit + " values";
        }
        return "the JSON is beyond what the gateway reads (a limit of " + limit + ")";
    }

    private static String endsEarly(JsonEOFException eof) {
        String message = String.valueOf(eof.getOriginalMessage());
        Matcher unclosed = UNCLOSED.matcher(message);
        String after = after(eof.getLocation());
        if (unclosed.find()) {
            return "the JSON ends" + after + " before the " + unclosed.group(1).toLowerCase(Locale.ROOT)
                    + " opened at line " + unclosed.group(2) + ", column " + unclosed.group(3) + " is closed";
        }
        if (message.contains("VALUE_STRING") || message.contains("String value")) {
            return "the JSON ends" + after + " inside a string";
        }
        return "the JSON ends" + after + " before it is complete";
    }

    private static String at(JsonLocation location) {
        if (location == null) {
            return "";
        }
        String lineAndColumn = location.getLineNr() > 1
                ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
        if (location.getByteOffset() >= 0) {
            return " at byte " + (location.getByteOffset() + 1) + lineAndColumn;
        }
        if (location.getCharOffset() >= 0) {
            return " at character " + (location.getCharOffset() + 1) + lineAndColumn;
        }
        return "";
    }

    private static String after(JsonLocation location) {
        if (location == null) {
            return "";
        }
        if (location.getByteOffset() >= 0) {
            return " after " + location.getByteOffset() + " bytes";
        }
        if (location.getCharOffset() >= 0) {
            return " after " + location.getCharOffset() + " characters";
        }
        return "";
    }

    /** The parser's own words when they are plain ("Invalid UTF-8 start byte 0xff"), nothing otherwise. */
    private static String detail(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String text = message.strip().replaceAll("\\s+", " ");
        if (text.length() > MAX_DETAIL) {
            text = text.substring(0, MAX_DETAIL) + "...";
        }
        return safe(text) ? ": " + text : "";
    }

    private static boolean safe(String text) {
        return !UNSAFE.matcher(text).find();
    }
}

package com.auterity.hub.ai.internal;

import com.auterity.hub.ai.CognitiveEngine.Entity;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Finds emails, phone numbers, amounts with their currency, dates, URLs, IBANs and payment card
 * numbers in a text, by regular expressions followed by validation: an IBAN must have its country's
 * length and pass the mod-97 check, a card number the Luhn check and a known issuer prefix, a date
 * must exist in the calendar. Where two findings overlap the more specific one wins (url, email,
 * iban, card, date, amount, phone, in that order), so a card number is never also a phone number.
 * Card numbers are masked in the result but for their last four digits. Texts are never logged.
 *
 * <p>Conventions: a numeric date such as 03/04/2024 is read day first unless that is impossible
 * (then it is marked {@code ambiguous}); "$" is read as USD and "¥" as JPY; a phone number needs a
 * leading "+", parentheses or three groups of digits, so that bare numbers are not taken for one.
 */
@Component
public class Extractor {

    public static final List<String> TYPES =
            List.of("email", "phone", "amount", "date", "url", "iban", "card");

    private static final Pattern URL =
            Pattern.compile(
                    "(?<![\\w@/.])(?:https?://|www\\.)[^\\s<>\"'`{}|\\\\^\\[\\]]+",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL =
            Pattern.compile(
                    "(?<![\\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?"
                            + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}"
                            + "(?![\\w-])");
    private static final Pattern IBAN =
            Pattern.compile("(?<![A-Z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{1,4}){3,9}(?![A-Za-z0-9])");
    private static final Pattern CARD =
            Pattern.compile("(?<![\\d+-])\\d(?:[ -]?\\d){12,18}(?!\\d)");
    private static final Pattern ISO_DATE =
            Pattern.compile(
                    "(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})"
                            + "(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?"
                            + "(Z|[+-]\\d{2}:?\\d{2})?)?(?![\\d])");
    private static final Pattern NUMERIC_DATE =
            Pattern.compile("(?<![\\d./-])(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})(?![\\d])");
    private static final Pattern YEAR_FIRST_DATE =
            Pattern.compile("(?<![\\d./-])(\\d{4})/(\\d{1,2})/(\\d{1,2})(?![\\d/])");
    private static final String MONTH =
            "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                    + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final Pattern DAY_MONTH_YEAR =
            Pattern.compile(
                    "\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?"
                            + MONTH
                            + "\\.?,?\\s+(\\d{4})\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_DAY_YEAR =
            Pattern.compile(
                    "\\b" + MONTH + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final String NUMBER =
            "\\d{1,3}(?:[,. ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?";
    private static final String SYMBOLS = "US\\$|A\\$|C\\$|\\$|€|£|¥|₹|₩|₽";
    private static final String CODES =
            "USD|EUR|GBP|CHF|JPY|CNY|INR|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|BRL|MXN|ZAR|KRW|RUB"
                    + "|TRY|SGD|HKD";
    private static final Pattern AMOUNT_BEFORE =
            Pattern.compile(
                    "(?<![\\w$€£¥₹₩₽])("
                            + SYMBOLS
                            + "|(?:"
                            + CODES
                            + ")(?=\\s?\\d))\\s?("
                            + NUMBER
                            + ")(?![\\d.,]?\\d)");
    private static final Pattern AMOUNT_AFTER =
            Pattern.compile(
                    "(?<![\\w.,])("
                            + NUMBER
                            + ")\\s?("
                            + SYMBOLS
                            + "|(?:"
                            + CODES
                            + "|dollars?|euros?|pounds?)(?![\\w]))",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern PHONE =
            Pattern.compile(
                    "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,5}(?![\\w])"
                            + "|(?<![\\w+])\\+\\d{7,15}(?!\\w)");

    private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths();
    private static final Map<String, String> SYMBOL_CURRENCY =
            Map.of(
                    "$", "USD", "US$", "USD", "A$", "AUD", "C$", "CAD", "€", "EUR", "£", "GBP", "¥",
                    "JPY", "₹", "INR", "₩", "KRW", "₽", "RUB");

    /**
     * The entities of {@code text} of the given types (all when {@code types} is null), ordered by
     * their position.
     */
    public List<Entity> extract(String text, Set<String> types) {
        List<Entity> found = new ArrayList<>();
        // the order of precedence when findings overlap
        urls(text, found::add);
        emails(text, found::add);
        ibans(text, found::add);
        cards(text, found::add);
        dates(text, found::add);
        amounts(text, found::add);
        phones(text, found::add);
        List<Entity> kept = new ArrayList<>();
        for (Entity candidate : found) {
            boolean overlaps =
                    kept.stream()
                            .anyMatch(
                                    k ->
                                            candidate.start() < k.end()
                                                    && k.start() < candidate.end());
            if (!overlaps) {
                kept.add(candidate);
            }
        }
        return kept.stream()
                .filter(e -> types == null || types.contains(e.type()))
                .sorted(Comparator.comparingInt(Entity::start))
                .toList();
    }

    private static void urls(String text, Consumer<Entity> out) {
        Matcher m = URL.matcher(text);
        while (m.find()) {
            String url = trimUrl(m.group());
            String absolute = url.regionMatches(true, 0, "www.", 0, 4) ? "http://" + url : url;
            try {
                URI uri = new URI(absolute);
                if (uri.getHost() == null || !uri.getHost().contains(".")) {
                    continue;
                }
                out.accept(
                        entity(
                                "url",
                                url,
                                absolute,
                                m.start(),
                                m.start() + url.length(),
                                Map.of("host", uri.getHost().toLowerCase(Locale.ROOT))));
            } catch (URISyntaxException e) {
                // not a URL after all
            }
        }
    }

    /** Drops trailing punctuation that ends the sentence rather than the URL. */
    private static String trimUrl(String url) {
        String u = url;
        while (!u.isEmpty()) {
            char last = u.charAt(u.length() - 1);
            if (".,;:!?'\"".indexOf(last) >= 0) {
                u = u.substring(0, u.length() - 1);
            } else if (last == ')' && count(u, '(') < count(u, ')')) {
                u = u.substring(0, u.length() - 1);
            } else {
                break;
            }
        }
        return u;
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    private static void emails(String text, Consumer<Entity> out) {
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            String email = m.group();
            int at = email.indexOf('@');
            if (email.contains("..")) {
                continue;
            }
            String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
            out.accept(
                    entity(
                            "email",
                            email,
                            email.substring(0, at) + "@" + domain,
                            m.start(),
                            m.end(),
                            Map.of("domain", domain)));
        }
    }

    private static void ibans(String text, Consumer<Entity> out) {
        Matcher m = IBAN.matcher(text);
        // a match may run on into the next IBAN: search again right after the part kept
        for (int from = 0; from < text.length() && m.find(from); ) {
            from = m.start() + 1;
            String match = m.group();
            Integer length = IBAN_LENGTHS.get(match.substring(0, 2));
            if (length == null) {
                continue;
            }
            // the match may run into a following word in capitals: keep the country's length
            int chars = 0;
            int end = 0;
            while (end < match.length() && chars < length) {
                if (match.charAt(end) != ' ') {
                    chars++;
                }
                end++;
            }
            if (chars < length) {
                continue;
            }
            String printed = match.substring(0, end);
            String iban = printed.replace(" ", "");
            if (!validIban(iban)) {
                continue;
            }
            from = m.start() + end;
            out.accept(
                    entity(
                            "iban",
                            printed,
                            iban,
                            m.start(),
                            m.start() + end,
                            Map.of("country", iban.substring(0, 2))));
        }
    }

    /** ISO 13616: the first four characters moved to the end, letters as 10-35, mod 97 is 1. */
    static boolean validIban(String iban) {
        Integer length = iban.length() >= 2 ? IBAN_LENGTHS.get(iban.substring(0, 2)) : null;
        if (length == null || iban.length() != length || !iban.matches("[A-Z]{2}\\d{2}[A-Z0-9]+")) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (char c : rearranged.toCharArray()) {
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = (value > 9 ? remainder * 100 : remainder * 10) + value;
            remainder %= 97;
        }
        return remainder == 1;
    }

    private static void cards(String text, Consumer<Entity> out) {
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            String printed = m.group();
            String digits = printed.replaceAll("[ -]", "");
            String brand = brand(digits);
            if (brand == null || !luhn(digits) || digits.chars().allMatch(c -> c == '0')) {
                continue;
            }
            String last4 = digits.substring(digits.length() - 4);
            out.accept(
                    entity(
                            "card",
                            mask(printed),
                            "*".repeat(digits.length() - 4) + last4,
                            m.start(),
                            m.end(),
                            Map.of("brand", brand, "last4", last4)));
        }
    }

    /** Every digit but the last four becomes '*'; separators stay. */
    static String mask(String printed) {
        int digits = (int) printed.chars().filter(Character::isDigit).count();
        StringBuilder masked = new StringBuilder(printed.length());
        int seen = 0;
        for (char c : printed.toCharArray()) {
            if (Character.isDigit(c)) {
                seen++;
                masked.append(seen > digits - 4 ? c : '*');
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** The card network of an issuer prefix and length, or {@code null} for an unknown one. */
    static String brand(String digits) {
        int n = digits.length();
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        int three = four / 10;
        if (digits.charAt(0) == '4' && (n == 13 || n == 16 || n == 19)) {
            return "visa";
        }
        if (n == 16 && ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720))) {
            return "mastercard";
        }
        if (n == 15 && (two == 34 || two == 37)) {
            return "amex";
        }
        if (n >= 16 && n <= 19 && (four == 6011 || (three >= 644 && three <= 649) || two == 65)) {
            return "discover";
        }
        if (n >= 16 && n <= 19 && four >= 3528 && four <= 3589) {
            return "jcb";
        }
        if (n >= 14 && n <= 19 && ((three >= 300 && three <= 305) || two == 36 || two == 38)) {
            return "diners";
        }
        if (n >= 16 && n <= 19 && two == 62) {
            return "unionpay";
        }
        if (n >= 12 && n <= 19 && (two == 50 || (two >= 56 && two <= 69))) {
            return "maestro";
        }
        return null;
    }

    private static void dates(String text, Consumer<Entity> out) {
        Matcher iso = ISO_DATE.matcher(text);
        while (iso.find()) {
            try {
                LocalDate date = date(iso.group(1), iso.group(2), iso.group(3));
                String value = date.toString();
                if (iso.group(4) != null) {
                    LocalDateTime time =
                            date.atTime(
                                    Integer.parseInt(iso.group(4)),
                                    Integer.parseInt(iso.group(5)),
                                    iso.group(6) == null ? 0 : Integer.parseInt(iso.group(6)));
                    value =
                            iso.group(7) == null
                                    ? time.toString()
                                    : OffsetDateTime.of(
                                                    time,
                                                    java.time.ZoneOffset.of(offset(iso.group(7))))
                                            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                out.accept(entity("date", iso.group(), value, iso.start(), iso.end(), Map.of()));
            } catch (DateTimeException | NumberFormatException e) {
                // not a date of the calendar
            }
        }
        Matcher ymd = YEAR_FIRST_DATE.matcher(text);
        while (ymd.find()) {
            accept(out, ymd, () -> date(ymd.group(1), ymd.group(2), ymd.group(3)), Map.of());
        }
        Matcher numeric = NUMERIC_DATE.matcher(text);
        while (numeric.find()) {
            int first = Integer.parseInt(numeric.group(1));
            int second = Integer.parseInt(numeric.group(3));
            boolean monthFirst = first <= 12 && second > 12;
            boolean ambiguous = first <= 12 && second <= 12 && first != second;
            String day = monthFirst ? numeric.group(3) : numeric.group(1);
            String month = monthFirst ? numeric.group(1) : numeric.group(3);
            accept(
                    out,
                    numeric,
                    () -> date(numeric.group(4), month, day),
                    ambiguous ? Map.of("ambiguous", true, "order", "day-month") : Map.of());
        }
        Matcher dmy = DAY_MONTH_YEAR.matcher(text);
        while (dmy.find()) {
            accept(
                    out,
                    dmy,
                    () -> LocalDate.of(year(dmy.group(3)), month(dmy.group(2)), day(dmy.group(1))),
                    Map.of());
        }
        Matcher mdy = MONTH_DAY_YEAR.matcher(text);
        while (mdy.find()) {
            accept(
                    out,
                    mdy,
                    () -> LocalDate.of(year(mdy.group(3)), month(mdy.group(1)), day(mdy.group(2))),
                    Map.of());
        }
    }

    private interface DateParser {
        LocalDate parse();
    }

    private static void accept(
            Consumer<Entity> out, Matcher m, DateParser parser, Map<String, Object> attributes) {
        try {
            out.accept(
                    entity(
                            "date",
                            m.group(),
                            parser.parse().toString(),
                            m.start(),
                            m.end(),
                            attributes));
        } catch (DateTimeException | NumberFormatException e) {
            // 31 February and the like
        }
    }

    private static LocalDate date(String year, String month, String day) {
        return LocalDate.of(year(year), Integer.parseInt(month), day(day));
    }

    private static int year(String year) {
        return Integer.parseInt(year);
    }

    private static int day(String day) {
        return Integer.parseInt(day);
    }

    private static int month(String name) {
        String prefix = name.toLowerCase(Locale.ROOT).substring(0, 3);
        return List.of(
                                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                "oct", "nov", "dec")
                        .indexOf(prefix)
                + 1;
    }

    private static String offset(String zone) {
        if (zone.equals("Z")) {
            return "Z";
        }
        return zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone;
    }

    private static void amounts(String text, Consumer<Entity> out) {
        Matcher before = AMOUNT_BEFORE.matcher(text);
        while (before.find()) {
            amount(out, before, before.group(1), before.group(2));
        }
        Matcher after = AMOUNT_AFTER.matcher(text);
        while (after.find()) {
            amount(out, after, after.group(2), after.group(1));
        }
    }

    private static void amount(Consumer<Entity> out, Matcher m, String currency, String number) {
        BigDecimal amount = parseNumber(number);
        String code = currency(currency);
        if (amount == null || code == null) {
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("amount", amount);
        attributes.put("currency", code);
        out.accept(
                entity(
                        "amount",
                        m.group(),
                        amount.toPlainString() + " " + code,
                        m.start(),
                        m.end(),
                        attributes));
    }

    /**
     * The last separator is the decimal one if one or two digits follow it; otherwise every
     * separator groups thousands ("1.234,56", "1,234.56", "1 234" and "12,50" all read right).
     */
    static BigDecimal parseNumber(String number) {
        String n = number.strip();
        int last = Math.max(n.lastIndexOf(','), n.lastIndexOf('.'));
        String integer = n;
        String fraction = "";
        if (last >= 0 && n.length() - last - 1 <= 2) {
            integer = n.substring(0, last);
            fraction = n.substring(last + 1);
        }
        String digits = integer.replaceAll("[,. ]", "");
        if (digits.isEmpty()) {
            return null;
        }
        return new BigDecimal(fraction.isEmpty() ? digits : digits + "." + fraction);
    }

    private static String currency(String token) {
        String symbol = SYMBOL_CURRENCY.get(token);
        if (symbol != null) {
            return symbol;
        }
        String t = token.toLowerCase(Locale.ROOT);
        if (t.startsWith("dollar")) {
            return "USD";
        }
        if (t.startsWith("euro")) {
            return "EUR";
        }
        if (t.startsWith("pound")) {
            return "GBP";
        }
        String code = token.toUpperCase(Locale.ROOT);
        return code.matches(CODES) ? code : null;
    }

    private static void phones(String text, Consumer<Entity> out) {
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            String printed = m.group();
            String digits = printed.replaceAll("\\D", "");
            boolean international = printed.startsWith("+");
            String[] groups = printed.replaceAll("[()+]", "").strip().split("[ .-]+");
            // without a country code a number has at least 9 digits (and "10.30-11.45" is none)
            if (digits.length() < (international ? 7 : 9) || digits.length() > 15) {
                continue;
            }
            if (!international && !printed.startsWith("(") && groups.length < 3) {
                continue;
            }
            if (!international && thousandsGrouping(groups)) {
                continue;
            }
            out.accept(
                    entity(
                            "phone",
                            printed,
                            (international ? "+" : "") + digits,
                            m.start(),
                            m.end(),
                            Map.of("international", international)));
        }
    }

    /** "10 000 000" is a number with its thousands grouped, not a phone number. */
    private static boolean thousandsGrouping(String[] groups) {
        for (int i = 1; i < groups.length; i++) {
            if (groups[i].length() != 3) {
                return false;
            }
        }
        return groups[0].length() <= 3;
    }

    private static Entity entity(
            String type,
            String text,
            String value,
            int start,
            int end,
            Map<String, Object> attributes) {
        return new Entity(type, text, value, start, end, attributes);
    }

    /** IBAN lengths of the SWIFT IBAN registry, by country. */
    private static Map<String, Integer> ibanLengths() {
        Map<String, Integer> lengths = new java.util.HashMap<>();
        String table =
                "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24"
                        + " DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23"
                        + " GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28"
                        + " LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30"
                        + " NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31"
                        + " SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24"
                        + " XK20 YE30";
        for (String entry : table.split(" ")) {
            lengths.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
        return Map.copyOf(lengths);
    }
}

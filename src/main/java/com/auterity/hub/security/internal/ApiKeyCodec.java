package com.auterity.hub.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The form of API keys: {@code ahk_} and 256 random bits. Keys are that random, so a plain SHA-256
 * is a safe way to store them and cheap enough to check on every request.
 */
final class ApiKeyCodec {

    static final String PREFIX = "ahk_";

    private ApiKeyCodec() {}

    static String generate() {
        return PREFIX + SecretFiles.random(32);
    }

    static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is shown of a key after creation, enough to recognise it. */
    static String displayPrefix(String key) {
        return key.substring(0, PREFIX.length() + 6);
    }
}

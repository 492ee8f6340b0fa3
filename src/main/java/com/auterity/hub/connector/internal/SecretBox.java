package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.ConnectorProperties;
import com.auterity.hub.shared.HubProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts connection secrets at rest with AES-256-GCM: a random 96-bit IV per value, a 128-bit
 * tag, and the connection id and secret name as associated data, so a stored value cannot be moved
 * to another connection or field. The key is {@code HUB_SECRET_KEY} (Base64 of 32 bytes) or, when
 * that is empty, a key generated once into {@code <data dir>/connector-secret.key}, readable by its
 * owner only. Stored form: {@code v1:<Base64(iv || ciphertext || tag)>}.
 */
@Component
class SecretBox {

    static final String KEY_FILE = "connector-secret.key";
    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    SecretBox(ConnectorProperties connector, HubProperties hub) {
        this.key = new SecretKeySpec(keyBytes(connector.secretKey(), hub.dataDir()), "AES");
    }

    String encrypt(String plaintext, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, stored, 0, iv.length);
            System.arraycopy(sealed, 0, stored, iv.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a connection secret", e);
        }
    }

    String decrypt(String stored, String context) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalStateException("A stored connection secret has an unknown format");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a different HUB_SECRET_KEY than the one the secret was stored with, or tampering
            throw new IllegalStateException(
                    "A connection secret cannot be decrypted: is HUB_SECRET_KEY the key it was"
                            + " stored with?");
        }
    }

    static byte[] keyBytes(String configured, Path dataDir) {
        String text = configured == null ? "" : configured.strip();
        if (text.isEmpty()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            text =
                    readOrCreate(
                            dataDir.resolve(KEY_FILE), Base64.getEncoder().encodeToString(fresh));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("HUB_SECRET_KEY must be Base64 (of 32 bytes)");
        }
        if (key.length != 32) {
            throw new IllegalStateException(
                    "HUB_SECRET_KEY must be Base64 of 32 bytes (openssl rand -base64 32), not "
                            + key.length);
        }
        return key;
    }

    /** The content of {@code file}, creating it, readable by its owner only, when missing. */
    private static String readOrCreate(Path file, String fresh) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(
                            file,
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
                Files.writeString(
                        file,
                        fresh + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (FileAlreadyExistsException raced) {
            return readOrCreate(file, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}

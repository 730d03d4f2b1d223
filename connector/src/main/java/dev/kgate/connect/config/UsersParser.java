package dev.kgate.connect.config;

import dev.kgate.http.auth.Credential;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the users from {@code auth.users} ({@code name:secret,name2:pbkdf2-sha256$...}) and from the properties
 * file in {@code auth.users.file} ({@code name=secret} lines). Error messages name the user, never the secret.
 */
final class UsersParser {

    private UsersParser() {
    }

    static Map<String, Credential> parse(String inline, String file) {
        Map<String, Credential> users = new HashMap<>();
        if (inline != null && !inline.isBlank()) {
            for (String entry : inline.split(",")) {
                String trimmed = entry.trim();
                int colon = trimmed.indexOf(':');
                if (colon <= 0 || colon == trimmed.length() - 1) {
                    throw new IllegalArgumentException("each entry must be <username>:<secret or PBKDF2 hash>");
                }
                add(users, trimmed.substring(0, colon), trimmed.substring(colon + 1));
            }
        }
        if (file != null && !file.isBlank()) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                props.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the users file " + file + ": " + e.getMessage(), e);
            }
            for (String name : props.stringPropertyNames()) {
                add(users, name, props.getProperty(name).trim());
            }
        }
        return users;
    }

    private static void add(Map<String, Credential> users, String name, String credential) {
        if (credential.isEmpty()) {
            throw new IllegalArgumentException("user '" + name + "' has an empty secret");
        }
        try {
            if (users.put(name, Credential.parse(credential)) != null) {
                throw new IllegalArgumentException("user '" + name + "' is configured twice");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("user '" + name + "': " + e.getMessage(), e);
        }
    }
}

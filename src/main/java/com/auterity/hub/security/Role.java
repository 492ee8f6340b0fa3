package com.auterity.hub.security;

/**
 * The roles of the hub, from most to least powerful; each includes the rights of those below it.
 * ADMIN manages users and the console; DEVELOPER builds workflows and routes; OPERATOR runs and
 * watches them; VIEWER only reads.
 */
public enum Role {
    ADMIN,
    DEVELOPER,
    OPERATOR,
    VIEWER;

    public String authority() {
        return "ROLE_" + name();
    }
}

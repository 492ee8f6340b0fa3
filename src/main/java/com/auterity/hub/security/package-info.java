/**
 * Who may do what: users and roles, signed access tokens, API keys, and the rules that protect the
 * API, the actuator endpoints and the Hawtio console.
 */
package com.auterity.hub.security;

package com.auterity.hub.security.internal;

import com.auterity.hub.shared.ApiErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Security's refusals (401, 403, a rejected URL), written as the standard JSON error. */
class JsonSecurityErrors
        implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final ApiErrors errors;
    private final String challenge;

    JsonSecurityErrors(ApiErrors errors, String challenge) {
        this.errors = errors;
        this.challenge = challenge;
    }

    @Override
    public void commence(
            HttpServletRequest request,
            HttpServletResponse response,
            AuthenticationException failure)
            throws IOException {
        String code;
        String message;
        if ("INVALID_API_KEY".equals(failure.getMessage())) {
            code = "INVALID_API_KEY";
            message = "The API key is unknown or revoked";
        } else if (failure instanceof InvalidBearerTokenException) {
            code = "INVALID_TOKEN";
            message = "The access token is invalid or expired";
        } else if (request.getHeader("Authorization") != null) {
            code = "INVALID_CREDENTIALS";
            message = "The credentials are invalid";
        } else {
            code = "UNAUTHENTICATED";
            message = "Authentication is required: send a bearer token or an X-API-Key header";
        }
        response.setHeader("WWW-Authenticate", challenge);
        errors.write(response, errors.answer(HttpStatus.UNAUTHORIZED, code, message, null));
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        errors.write(
                response,
                errors.answer(
                        HttpStatus.FORBIDDEN, "FORBIDDEN", "Your role does not allow this", null));
    }

    @Override
    public void handle(
            HttpServletRequest request,
            HttpServletResponse response,
            RequestRejectedException rejected)
            throws IOException {
        errors.write(
                response,
                errors.answer(
                        HttpStatus.BAD_REQUEST,
                        "INVALID_PATH",
                        "The request path is not allowed",
                        null));
    }
}

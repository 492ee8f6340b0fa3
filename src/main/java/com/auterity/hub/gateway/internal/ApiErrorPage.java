package com.auterity.hub.gateway.internal;

import com.auterity.hub.shared.ApiErrors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's whitelabel page: whatever the servlet container reports (an unknown path,
 * a method the path does not take, a rejected URL) is answered as the standard JSON error.
 */
@Controller
class ApiErrorPage implements ErrorController {

    private final ApiErrors errors;

    ApiErrorPage(ApiErrors errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status =
                code instanceof Integer value
                        ? HttpStatus.resolve(value)
                        : HttpStatus.NOT_FOUND; // a direct call to /error
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ApiErrors.Answer answer =
                failure != null && status.is5xxServerError()
                        ? errors.map(failure)
                        : errors.answer(
                                status, ApiErrors.codeFor(status), messageFor(status), null);
        errors.write(response, answer);
    }

    private static String messageFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No resource at this path";
            case METHOD_NOT_ALLOWED -> "This path does not accept that method";
            case UNAUTHORIZED -> "Authentication is required";
            case FORBIDDEN -> "Access denied";
            default -> status.getReasonPhrase();
        };
    }
}

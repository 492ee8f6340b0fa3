package com.auterity.hub.messaging.internal;

/**
 * The message could not be taken now (the workflow engine's queue stays full): it is neither
 * processed nor dead-lettered, and the consumer reads it again.
 */
class Backpressure extends RuntimeException {

    Backpressure(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.auterity.hub.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fake AI providers a test class starts, each closed after the class: {@code @RegisterExtension
 * static final FakeAiProviders FAKES = new FakeAiProviders();}, then {@code FAKES.start()}.
 */
public final class FakeAiProviders implements AfterAllCallback {

    private final List<FakeAiProvider> started = new CopyOnWriteArrayList<>();

    /** A new fake provider on a free port of loopback. */
    public FakeAiProvider start() {
        FakeAiProvider fake = FakeAiProvider.start();
        started.add(fake);
        return fake;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        started.forEach(FakeAiProvider::close);
        started.clear();
    }
}

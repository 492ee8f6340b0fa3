package com.auterity.hub.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Azure OpenAI deployments get the key in {@code api-key}; no other host does. */
class AiAzureKeyHeaderTest {

    @Test
    void onlyHostsUnderAzureComAreAzure() {
        assertThat(OpenAiProvider.isAzure("https://my-res.openai.azure.com/openai/deployments/gpt"))
                .isTrue();
        assertThat(OpenAiProvider.isAzure("https://MY-RES.OPENAI.AZURE.COM/openai")).isTrue();
        assertThat(OpenAiProvider.isAzure("https://api.openai.com/v1")).isFalse();
        // the name in a path or a query is not the host
        assertThat(OpenAiProvider.isAzure("https://proxy.example.org/x.azure.com/v1")).isFalse();
        assertThat(OpenAiProvider.isAzure("https://evil.azure.com.example.org/v1")).isFalse();
    }
}

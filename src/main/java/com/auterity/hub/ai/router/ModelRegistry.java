package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiModels;
import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.ModelDeployment;
import com.auterity.hub.shared.ServiceError;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The model registry: the deployments of {@code hub.ai.models} overlaid by the stored ones (a
 * stored deployment wins by id). The stored ones are read again after every change here and at most
 * {@link #REFRESH_MS} after a change made by another hub instance.
 *
 * <p>Base URLs are not held to the outbound guard of workflow nodes: only ADMIN sets them, and a
 * model served on loopback (Ollama, vLLM, LM Studio on the hub's machine) is a normal set-up. They
 * must be http(s), with a host, without user info, query or fragment.
 */
@Service
class ModelRegistry implements AiModels {

    static final long REFRESH_MS = 5_000;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern CONNECTION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> CAPABILITIES =
            Set.of(
                    ModelDeployment.CHAT,
                    ModelDeployment.EMBEDDINGS,
                    ModelDeployment.JSON,
                    ModelDeployment.TOOLS);

    private final Deployments stored;
    private final PriceTable prices;
    private final Fleet fleet;
    private final Map<String, ProviderClient> providers = new TreeMap<>();
    private final Map<String, ModelDeployment> configured = new LinkedHashMap<>();
    private volatile Map<String, ModelDeployment> effective = Map.of();
    private volatile long loadedAt;

    ModelRegistry(
            AiProperties properties,
            Deployments stored,
            PriceTable prices,
            Fleet fleet,
            List<ProviderClient> providers) {
        this.stored = stored;
        this.prices = prices;
        this.fleet = fleet;
        providers.forEach(p -> this.providers.put(p.kind(), p));
        for (ModelDeployment deployment : properties.models()) {
            List<Map<String, String>> problems = problems(deployment);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(
                        "hub.ai.models: deployment '"
                                + deployment.id()
                                + "' is invalid: "
                                + problems);
            }
            if (configured.put(deployment.id(), deployment) != null) {
                throw new IllegalStateException(
                        "hub.ai.models: deployment id '" + deployment.id() + "' is used twice");
            }
        }
    }

    /** Every deployment now in effect, by id. */
    Map<String, ModelDeployment> deployments() {
        if (System.currentTimeMillis() - loadedAt > REFRESH_MS) {
            reload();
        }
        return effective;
    }

    /** The deployments of a model group. */
    List<ModelDeployment> group(String name) {
        return deployments().values().stream().filter(d -> d.modelGroup().equals(name)).toList();
    }

    ProviderClient provider(ModelDeployment deployment) {
        return providers.get(deployment.provider());
    }

    PriceTable.Prices prices(ModelDeployment deployment) {
        return prices.prices(deployment);
    }

    @Override
    public List<DeploymentView> list() {
        return deployments().values().stream().map(this::view).toList();
    }

    @Override
    public DeploymentView get(String id) {
        ModelDeployment deployment = deployments().get(id);
        if (deployment == null) {
            throw ServiceError.notFound("Model deployment", id);
        }
        return view(deployment);
    }

    @Override
    public DeploymentView create(ModelDeployment deployment, String caller) {
        validate(deployment, null);
        if (deployments().containsKey(deployment.id())
                || stored.byId(deployment.id()).isPresent()) {
            throw new ServiceError(
                    HttpStatus.CONFLICT,
                    "DEPLOYMENT_EXISTS",
                    "A model deployment '" + deployment.id() + "' exists; PUT replaces it",
                    Map.of("id", deployment.id()));
        }
        stored.insert(deployment, caller);
        reload();
        return get(deployment.id());
    }

    @Override
    public DeploymentView replace(String id, ModelDeployment deployment, String caller) {
        ModelDeployment withId =
                new ModelDeployment(
                        id,
                        deployment.modelGroup(),
                        deployment.provider(),
                        deployment.baseUrl(),
                        deployment.model(),
                        deployment.contextWindow(),
                        deployment.inputPrice(),
                        deployment.outputPrice(),
                        deployment.capabilities(),
                        deployment.weight(),
                        deployment.connection(),
                        deployment.tpm(),
                        deployment.rpm());
        validate(
                withId,
                deployment.id() != null && !deployment.id().equals(id) ? deployment.id() : null);
        if (!stored.update(withId)) {
            stored.insert(withId, caller);
        }
        reload();
        return get(id);
    }

    @Override
    public void delete(String id) {
        if (!stored.delete(id)) {
            reload();
            if (configured.containsKey(id)) {
                throw new ServiceError(
                        HttpStatus.CONFLICT,
                        "DEPLOYMENT_IN_CONFIGURATION",
                        "Model deployment '"
                                + id
                                + "' is defined by hub.ai.models; remove it there",
                        Map.of("id", id));
            }
            throw ServiceError.notFound("Model deployment", id);
        }
        reload();
    }

    private synchronized void reload() {
        Map<String, ModelDeployment> merged = new LinkedHashMap<>(configured);
        for (ModelDeployment deployment : stored.all()) {
            merged.put(deployment.id(), deployment);
        }
        effective = Map.copyOf(merged);
        loadedAt = System.currentTimeMillis();
    }

    private DeploymentView view(ModelDeployment deployment) {
        PriceTable.Prices p = prices.prices(deployment);
        boolean isStored =
                !configured.containsKey(deployment.id())
                        || !configured.get(deployment.id()).equals(deployment);
        return new DeploymentView(
                deployment,
                p.input(),
                p.output(),
                p.source(),
                isStored ? "stored" : "configuration",
                fleet.circuit(deployment.id()));
    }

    private void validate(ModelDeployment deployment, String idMismatch) {
        if (deployment == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        List<Map<String, String>> problems = problems(deployment);
        if (idMismatch != null) {
            problems.add(0, problem("id", "must be the id of the path or left out"));
        }
        if (!problems.isEmpty()) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED", "The model deployment is invalid", problems);
        }
    }

    private List<Map<String, String>> problems(ModelDeployment d) {
        List<Map<String, String>> problems = new ArrayList<>();
        if (d.id() == null || !ID.matcher(d.id()).matches()) {
            problems.add(
                    problem(
                            "id",
                            "must be 1-64 of a-z, 0-9, '.', '_', '-', from a letter or digit"));
        }
        if (d.modelGroup() == null || d.modelGroup().isBlank() || d.modelGroup().length() > 100) {
            problems.add(problem("model_group", "must be a name of 1-100 characters"));
        }
        ProviderClient provider = d.provider() == null ? null : providers.get(d.provider());
        if (provider == null) {
            problems.add(problem("provider", "must be one of " + providers.keySet()));
        }
        if (d.model() == null || d.model().isBlank() || d.model().length() > 200) {
            problems.add(problem("model", "must be the provider's model name (1-200 characters)"));
        }
        if (provider != null && provider.remote()) {
            String urlProblem = urlProblem(d.baseUrl());
            if (urlProblem != null) {
                problems.add(problem("base_url", urlProblem));
            }
        } else if (provider != null && d.baseUrl() != null) {
            problems.add(problem("base_url", "must be left out for provider " + d.provider()));
        }
        if (provider != null
                && !provider.remote()
                && !d.capabilities().equals(Set.of(ModelDeployment.EMBEDDINGS))) {
            problems.add(
                    problem("capabilities", "must be [embeddings] for provider " + d.provider()));
        }
        if (!CAPABILITIES.containsAll(d.capabilities())) {
            problems.add(
                    problem(
                            "capabilities",
                            "may only hold " + new java.util.TreeSet<>(CAPABILITIES)));
        }
        if (d.contextWindow() != null && d.contextWindow() <= 0) {
            problems.add(problem("context_window", "must be positive"));
        }
        if (negative(d.inputPrice())) {
            problems.add(problem("input_price", "must not be negative"));
        }
        if (negative(d.outputPrice())) {
            problems.add(problem("output_price", "must not be negative"));
        }
        if (d.weight() < 0) {
            problems.add(problem("weight", "must not be negative"));
        }
        if (d.connection() != null && !CONNECTION.matcher(d.connection()).matches()) {
            problems.add(problem("connection", "must be the name of a connection"));
        }
        if (d.tpm() != null && d.tpm() <= 0) {
            problems.add(problem("tpm", "must be positive"));
        }
        if (d.rpm() != null && d.rpm() <= 0) {
            problems.add(problem("rpm", "must be positive"));
        }
        return problems;
    }

    private static boolean negative(BigDecimal price) {
        return price != null && price.signum() < 0;
    }

    private static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "is required: the API's base URL, e.g. https://api.openai.com/v1";
        }
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme())
                    && !"https".equalsIgnoreCase(uri.getScheme())) {
                return "must be an http or https URL";
            }
            if (uri.getHost() == null) {
                return "must name a host";
            }
            if (uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return "must have no user info, query or fragment (the key belongs in a connection)";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
    }

    private static Map<String, String> problem(String field, String message) {
        Map<String, String> problem = new LinkedHashMap<>();
        problem.put("field", field);
        problem.put("message", message);
        return problem;
    }
}

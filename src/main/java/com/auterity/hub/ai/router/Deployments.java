package com.auterity.hub.ai.router;

import com.auterity.hub.ai.ModelDeployment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored model deployments ({@code ai_model_deployments}). */
@Repository
class Deployments {

    private final JdbcClient jdbc;

    Deployments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ModelDeployment> all() {
        return jdbc.sql("SELECT * FROM ai_model_deployments ORDER BY id")
                .query(Deployments::row)
                .list();
    }

    Optional<ModelDeployment> byId(String id) {
        return jdbc.sql("SELECT * FROM ai_model_deployments WHERE id = ?")
                .param(id)
                .query(Deployments::row)
                .optional();
    }

    void insert(ModelDeployment d, String caller) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql(
                        "INSERT INTO ai_model_deployments (id, model_group, provider, base_url, model,"
                                + " context_window, input_price, output_price, capabilities, weight,"
                                + " connection, tpm, rpm, created_by, created_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        d.id(),
                        d.modelGroup(),
                        d.provider(),
                        d.baseUrl(),
                        d.model(),
                        d.contextWindow(),
                        d.inputPrice(),
                        d.outputPrice(),
                        String.join(",", new TreeSet<>(d.capabilities())),
                        d.weight(),
                        d.connection(),
                        d.tpm(),
                        d.rpm(),
                        caller,
                        now,
                        now)
                .update();
    }

    boolean update(ModelDeployment d) {
        return jdbc.sql(
                                "UPDATE ai_model_deployments SET model_group = ?, provider = ?, base_url = ?,"
                                        + " model = ?, context_window = ?, input_price = ?, output_price = ?,"
                                        + " capabilities = ?, weight = ?, connection = ?, tpm = ?, rpm = ?,"
                                        + " updated_at = ? WHERE id = ?")
                        .params(
                                d.modelGroup(),
                                d.provider(),
                                d.baseUrl(),
                                d.model(),
                                d.contextWindow(),
                                d.inputPrice(),
                                d.outputPrice(),
                                String.join(",", new TreeSet<>(d.capabilities())),
                                d.weight(),
                                d.connection(),
                                d.tpm(),
                                d.rpm(),
                                Timestamp.from(Instant.now()),
                                d.id())
                        .update()
                > 0;
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM ai_model_deployments WHERE id = ?").param(id).update() > 0;
    }

    private static ModelDeployment row(ResultSet rs, int n) throws SQLException {
        return new ModelDeployment(
                rs.getString("id"),
                rs.getString("model_group"),
                rs.getString("provider"),
                rs.getString("base_url"),
                rs.getString("model"),
                (Integer) rs.getObject("context_window", Integer.class),
                rs.getBigDecimal("input_price") == null
                        ? null
                        : rs.getBigDecimal("input_price").stripTrailingZeros(),
                rs.getBigDecimal("output_price") == null
                        ? null
                        : rs.getBigDecimal("output_price").stripTrailingZeros(),
                new LinkedHashSet<>(Arrays.asList(rs.getString("capabilities").split(","))),
                rs.getInt("weight"),
                rs.getString("connection"),
                (Long) rs.getObject("tpm", Long.class),
                (Long) rs.getObject("rpm", Long.class));
    }
}

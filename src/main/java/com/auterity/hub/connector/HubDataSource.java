package com.auterity.hub.connector;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source of the SQL connectors' Kamelets, made by Camel from the Kamelet's properties: it
 * hands out connections of the hub's shared pool for these credentials ({@link JdbcPools}).
 */
public class HubDataSource implements DataSource {

    private String jdbcUrl;
    private String username;
    private String password;

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    private DataSource pool() {
        return JdbcPools.current().pool(jdbcUrl, username, password);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public Connection getConnection(String user, String pass) throws SQLException {
        throw new SQLFeatureNotSupportedException("the credentials are the connection's");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        // never the password: Camel may print its beans
        return "HubDataSource[" + jdbcUrl + "]";
    }
}

package org.backupbatch.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Databases, users and tables with hostile names, made and read as root through JDBC (not
 * through the tool): names go as backquoted identifiers, values and user names as bound
 * parameters, passwords as their {@code mysql_native_password} hash, so every byte is what the
 * test chose. Users are {@code 'name'@'localhost'}: the tool connects through the socket.
 */
final class HostileDatabase implements AutoCloseable {

    private final Connection connection;
    private final List<String> databases = new ArrayList<>();
    private final List<String> users = new ArrayList<>();

    HostileDatabase() throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
    }

    /** Backquoted identifier, backquotes doubled. */
    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A database name in GRANT: {@code \}, {@code _} and {@code %} are wildcards there, escaped. */
    private static String grantPattern(String database) {
        return identifier(database.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%"));
    }

    void createDatabase(String name) throws SQLException {
        execute("CREATE DATABASE " + identifier(name) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        databases.add(name);
    }

    /** A user of that name and password, with every privilege on those databases only. */
    void createUser(String user, String password, String... grantedDatabases) throws Exception {
        try (PreparedStatement create = connection.prepareStatement(
                "CREATE USER ?@'localhost' IDENTIFIED BY PASSWORD ?")) {
            create.setString(1, user);
            create.setString(2, nativeHash(password));
            create.execute();
        }
        users.add(user);
        for (String database : grantedDatabases) {
            try (PreparedStatement grant = connection.prepareStatement("GRANT ALL PRIVILEGES ON "
                    + grantPattern(database) + ".* TO ?@'localhost'")) {
                grant.setString(1, user);
                grant.execute();
            }
        }
    }

    /** {@code *} and the hex of SHA1(SHA1(password's UTF-8 bytes)), as the server stores it. */
    private static String nativeHash(String password) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
    }

    /** A table {@code (id INT PRIMARY KEY, <binaryColumn> VARBINARY, <textColumn> TEXT)}. */
    void createTable(String database, String table, String binaryColumn, String textColumn) throws SQLException {
        execute("CREATE TABLE " + identifier(database) + "." + identifier(table) + " (id INT PRIMARY KEY, "
                + identifier(binaryColumn) + " VARBINARY(1024), " + identifier(textColumn)
                + " TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)");
    }

    void dropTable(String database, String table) throws SQLException {
        execute("DROP TABLE " + identifier(database) + "." + identifier(table));
    }

    void insert(String database, String table, int id, byte[] binary, String text) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + identifier(database) + "."
                + identifier(table) + " VALUES (?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setBytes(2, binary);
            insert.setString(3, text);
            insert.execute();
        }
    }

    /** Every row of a table, each column as hex (NULL apart), by id. */
    List<String> rows(String database, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement select = connection.createStatement();
                ResultSet rs = select.executeQuery("SELECT * FROM " + identifier(database) + "." + identifier(table)
                        + " ORDER BY id")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    byte[] bytes = value instanceof byte[] b ? b
                            : value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
                    row.append(bytes == null ? "NULL" : HexFormat.of().formatHex(bytes)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** The names of the tables and views of a database. */
    SortedSet<String> tables(String database) throws SQLException {
        SortedSet<String> tables = new TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?")) {
            select.setString(1, database);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops what this instance made, then closes the connection. */
    @Override
    public void close() throws SQLException {
        try {
            for (String database : databases) {
                execute("DROP DATABASE IF EXISTS " + identifier(database));
            }
            for (String user : users) {
                try (PreparedStatement drop = connection.prepareStatement("DROP USER IF EXISTS ?@'localhost'")) {
                    drop.setString(1, user);
                    drop.execute();
                }
            }
        } finally {
            connection.close();
        }
    }
}

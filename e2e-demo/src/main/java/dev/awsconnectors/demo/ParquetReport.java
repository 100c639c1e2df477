package dev.awsconnectors.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What landed in the Parquet files, seen by another engine: DuckDB (embedded) describes each stream's columns with
 * their types and runs one query over typed columns. The demo checks that the payload's fields arrived as typed
 * columns, not as JSON text.
 */
final class ParquetReport {
  /** The SQL type each payload field must have in the files, per stream (a prefix for nested types). */
  static final Map<String, Map<String, String>> EXPECTED_TYPES = Map.of(
      "shop_orders", columns("order_id", "BIGINT", "customer_id", "BIGINT", "amount", "DOUBLE", "currency", "VARCHAR",
          "created_at", "TIMESTAMP WITH TIME ZONE", "delivery_date", "DATE", "shipping", "STRUCT(",
          "items", "STRUCT(", "_kinesis_approximate_arrival_timestamp", "TIMESTAMP WITH TIME ZONE"),
      "shop_customers", columns("customer_id", "BIGINT", "name", "VARCHAR", "signup_date", "DATE", "vip", "BOOLEAN",
          "note", "VARCHAR"));
  /** Revenue per shipping country: a nested field, an array's length, decimals, a timestamp and a date. */
  static final String ORDERS_QUERY = """
      SELECT shipping.country AS country, count(*) AS orders, sum(len(items)) AS items,
             round(sum(amount), 2) AS amount, min(created_at) AS first_order, max(delivery_date) AS last_delivery
      FROM %s GROUP BY ALL ORDER BY amount DESC""";

  private final Console console;

  ParquetReport(Console console) {
    this.console = console;
  }

  /** Describes and checks the files of each stream under {@code root}; returns whether every check passed. */
  boolean print(Path root, List<String> streams, Path shownRoot) throws IOException, SQLException {
    boolean ok = true;
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
      for (String stream : streams) {
        console.blank();
        console.info("Columns of stream " + stream + " in its " + parquetFiles(root, stream).size()
            + " Parquet files (DuckDB DESCRIBE):");
        Map<String, String> types = new LinkedHashMap<>();
        try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM " + files(root, stream))) {
          while (rs.next()) {
            types.put(rs.getString("column_name"), rs.getString("column_type"));
          }
        }
        types.forEach((name, type) -> console.info(String.format(Locale.ROOT, "  %-40s %s", name, type)));
        for (Map.Entry<String, String> expected : EXPECTED_TYPES.get(stream).entrySet()) {
          String actual = types.getOrDefault(expected.getKey(), "(missing)");
          boolean typed = actual.startsWith(expected.getValue());
          console.info((typed ? "OK   " : "FAIL ") + expected.getKey() + " is " + actual);
          ok &= typed;
        }
      }
      console.blank();
      console.info("A query over typed columns:");
      for (String line : String.format(Locale.ROOT, ORDERS_QUERY, files(shownRoot, "shop_orders")).split("\n")) {
        console.info("  " + line);
      }
      try (ResultSet rs = sql.executeQuery(String.format(Locale.ROOT, ORDERS_QUERY, files(root, "shop_orders")))) {
        printTable(rs);
      }
    }
    return ok;
  }

  private void printTable(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[meta.getColumnCount()];
    for (int i = 0; i < header.length; i++) {
      header[i] = meta.getColumnLabel(i + 1);
    }
    rows.add(header);
    while (rs.next()) {
      String[] row = new String[header.length];
      for (int i = 0; i < row.length; i++) {
        row[i] = String.valueOf(rs.getObject(i + 1));
      }
      rows.add(row);
    }
    int[] widths = new int[header.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
      }
      console.info(line.toString().stripTrailing());
    }
  }

  /** DuckDB's table of every Parquet file of {@code stream} under {@code root}, the same command users can run. */
  static String files(Path root, String stream) {
    String glob = root.resolve("**").resolve(stream).resolve("*.parquet").toString().replace("'", "''");
    return "read_parquet('" + glob + "', union_by_name = true)";
  }

  /** The Parquet files of {@code stream}: those in a directory named after it, in name order. */
  static List<Path> parquetFiles(Path root, String stream) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals(stream))
          .sorted().toList();
    }
  }

  private static Map<String, String> columns(String... nameThenType) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < nameThenType.length; i += 2) {
      out.put(nameThenType[i], nameThenType[i + 1]);
    }
    return out;
  }
}

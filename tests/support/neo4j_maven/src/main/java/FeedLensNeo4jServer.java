import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * FeedLens's Neo4j test server: Neo4j Community through the test harness, in its own JVM.
 *
 * Usage: java -cp ... FeedLensNeo4jServer WORK_DIR PLUGINS_DIR. Bolt and HTTP bind to free localhost ports the
 * OS picks (no race between choosing a port and binding it). Auth is on; the passwords come from the environment
 * (FEEDLENS_TEST_NEO4J_PASSWORD for the admin user neo4j, FEEDLENS_TEST_NEO4J_READER_PASSWORD for the user
 * feedlens_reader), never from the command line, which other users of the machine can read. Prints one line
 * "READY bolt=URI http=URI" when it accepts connections, and stops when its stdin closes (the test session ends
 * or dies) or on SIGTERM.
 */
public final class FeedLensNeo4jServer {
    private FeedLensNeo4jServer() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path plugins = Path.of(args[1]);
        Map<String, String> env = System.getenv();
        String password = env.get("FEEDLENS_TEST_NEO4J_PASSWORD");
        String readerPassword = env.get("FEEDLENS_TEST_NEO4J_READER_PASSWORD");
        if (password == null || readerPassword == null) {
            System.err.println("set FEEDLENS_TEST_NEO4J_PASSWORD and FEEDLENS_TEST_NEO4J_READER_PASSWORD");
            System.exit(2);
        }
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(work)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(HttpConnector.enabled, true)
                .withConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .withConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
        GraphDatabaseService system = neo4j.databaseManagementService().database("system");
        system.executeTransactionally("ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        system.executeTransactionally(
                "CREATE USER feedlens_reader IF NOT EXISTS SET PASSWORD $p CHANGE NOT REQUIRED",
                Map.of("p", readerPassword));
        System.out.println("READY bolt=" + neo4j.boltURI() + " http=" + neo4j.httpURI());
        System.out.flush();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (stdin.readLine() != null) {
            // any input is ignored; end of input means the test session is over
        }
        System.exit(0);  // runs the shutdown hook, which stops the database cleanly
    }
}

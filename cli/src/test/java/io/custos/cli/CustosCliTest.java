package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CustosCliTest {

    @Test
    void versionExitsZeroAndPrintsTheVersion() {
        Cli r = Cli.run("version");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(CustosCli.version(), r.out().strip());
        assertEquals("dev", CustosCli.version(), "no manifest when run from classes");

        Cli flag = Cli.run("--version");
        assertEquals(0, flag.exitCode());
        assertTrue(flag.out().contains("custos "), flag.out());
    }

    @Test
    void helpListsTheCommands() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode());
        for (String command : new String[] {"version", "login", "keys", "events", "help"}) {
            assertTrue(r.out().contains(command), r.out());
        }
        Cli help = Cli.run("events", "validate", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("INVALID"), help.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Cli.run().exitCode(), "no command");
        assertEquals(2, Cli.run("frobnicate").exitCode(), "unknown command");
        assertEquals(2, Cli.run("keys").exitCode(), "group without subcommand");
        assertEquals(2, Cli.run("keys", "init").exitCode(), "missing --dir");
        Cli r = Cli.run("events", "validate");
        assertEquals(2, r.exitCode(), "no files");
        assertTrue(r.err().contains("FILE"), r.err());
        assertEquals(2, Cli.run("login", "--server", "http://localhost:1").exitCode(), "missing --username");
        assertEquals(2, Cli.run("login", "--server", "ftp://x", "--username", "u", "--password-stdin").exitCode());
    }
}

package io.custos.cli;

import io.custos.data.table.DataTable;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reading the CSV files the data commands are given. */
final class DataFiles {

    private DataFiles() {
    }

    static DataTable read(CommandLine cmd, Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(cmd, what + ": no such file " + file);
        }
        return DataTable.readCsv(file);
    }
}

package io.custos.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * A synthetic patient table of 20 columns shaped like the files data stewards bring: direct
 * identifiers (id, name, e-mail, phone), quasi-identifiers (birth date, zip, age, sex, race,
 * marital status, occupation, city), clinical values, free-text notes that sometimes hold an
 * e-mail address, and an outcome. Made here from a seed; no real person is in it.
 */
public final class PeopleCsv {

    public static final String HEADER = "patient_id,full_name,email,phone,date_of_birth,zip,age,sex,race,"
            + "marital_status,occupation,city,admission_date,diagnosis,weight_kg,height_cm,systolic_bp,"
            + "smoker,notes,outcome";

    private static final String[] FIRST = {"Ann", "Ben", "Carla", "Dev", "Eve", "Farid", "Grace", "Hugo", "Ines",
        "Jon", "Kim", "Lena", "Mo", "Nia", "Omar", "Pia", "Quin", "Rosa", "Sam", "Tara"};
    private static final String[] LAST = {"Smith", "Garcia", "Chen", "Okafor", "Novak", "Silva", "Khan", "Muller",
        "Rossi", "Dubois", "Kowalski", "Tanaka", "Hansen", "Ivanova", "Murphy"};
    private static final String[] RACE = {"White", "Black", "Asian", "Amer-Indian-Eskimo", "Other"};
    private static final String[] MARITAL = {"Married", "Never-married", "Divorced", "Separated", "Widowed"};
    private static final String[] OCCUPATION = {"Tech-support", "Craft-repair", "Sales", "Exec-managerial",
        "Prof-specialty", "Handlers-cleaners", "Machine-op-inspct", "Adm-clerical", "Farming-fishing",
        "Transport-moving", "Priv-house-serv", "Protective-serv", "Armed-Forces", "Other-service"};
    private static final String[] AREA = {"212", "415", "617", "312", "206", "303", "512", "602"};

    private PeopleCsv() {
    }

    /** A temporary file holding {@code rows} rows made from {@code seed}; the caller deletes it. */
    public static Path temporary(int rows, long seed) {
        try {
            Path file = Files.createTempFile("custos-bench-people-", ".csv");
            write(file, rows, seed);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LocalDate epoch = LocalDate.of(1930, 1, 1);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                String first = FIRST[r.nextInt(FIRST.length)];
                String last = LAST[r.nextInt(LAST.length)];
                LocalDate born = epoch.plusDays(r.nextInt(365 * 75));
                int age = 2026 - born.getYear();
                sb.append(String.format("P%08d", i)).append(',')
                        .append(first).append(' ').append(last).append(',')
                        .append(first.toLowerCase()).append('.').append(last.toLowerCase()).append(i % 1000)
                        .append("@example.org,")
                        .append("+1 ").append(AREA[r.nextInt(AREA.length)]).append('-')
                        .append(200 + r.nextInt(700)).append('-').append(String.format("%04d", r.nextInt(10_000)))
                        .append(',')
                        .append(born).append(',')
                        .append(10_000 + r.nextInt(300) * 7).append(',')
                        .append(age).append(',')
                        .append(r.nextBoolean() ? "F" : "M").append(',')
                        .append(RACE[r.nextInt(RACE.length)]).append(',')
                        .append(MARITAL[r.nextInt(MARITAL.length)]).append(',')
                        .append(OCCUPATION[r.nextInt(OCCUPATION.length)]).append(',')
                        .append("City-").append(r.nextInt(50)).append(',')
                        .append(LocalDate.of(2024, 1, 1).plusDays(r.nextInt(700))).append(',')
                        .append('D').append(r.nextInt(30)).append(',')
                        .append(String.format("%.1f", 45 + r.nextDouble() * 70)).append(',')
                        .append(150 + r.nextInt(50)).append(',')
                        .append(95 + r.nextInt(80)).append(',')
                        .append(r.nextInt(4) == 0 ? "yes" : "no").append(',')
                        .append(r.nextInt(50) == 0 ? "\"call back, reach at " + first.toLowerCase() + "@mail.example\""
                                : "stable on ward " + r.nextInt(12)).append(',')
                        .append(r.nextInt(3) == 0 ? 1 : 0).append('\n');
                w.append(sb);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

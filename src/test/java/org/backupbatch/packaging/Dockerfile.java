package org.backupbatch.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read into its stages and instructions: continuation lines joined, comments and
 * parser directives dropped. Just enough structure for tests to check it on a machine without a
 * Docker engine; no shell or variable expansion.
 */
record Dockerfile(List<Stage> stages) {

    /** One {@code FROM} and the instructions under it. */
    record Stage(String image, String name, List<Instruction> instructions) {

        List<String> arguments(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        String last(String keyword) {
            List<String> all = arguments(keyword);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }
    }

    /** An instruction: its upper-case keyword and the rest of its line. */
    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(List<String> lines) {
        List<Stage> stages = new ArrayList<>();
        for (String line : logicalLines(lines)) {
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("instruction without arguments: " + line);
            }
            String keyword = line.substring(0, space).toUpperCase(Locale.ROOT);
            String arguments = line.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] words = arguments.split("\\s+");
                boolean named = words.length == 3 && words[1].equalsIgnoreCase("AS");
                if (words.length != 1 && !named) {
                    throw new IllegalArgumentException("FROM takes an image and maybe AS <name>: " + line);
                }
                stages.add(new Stage(words[0], named ? words[2] : null, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                throw new IllegalArgumentException(keyword + " before any FROM");
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    private static List<String> logicalLines(List<String> lines) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                logical.add(current.append(line).toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            throw new IllegalArgumentException("the last instruction ends with a line continuation");
        }
        return logical;
    }
}

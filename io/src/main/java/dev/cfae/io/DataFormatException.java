package dev.cfae.io;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Bad content in an input file: the one exception every cfae reader throws for anything it cannot
 * read, including I/O failures and malformed UTF-8. The message has the form
 * {@code <file>:<line>:<column>: <problem>}; the line is omitted when it is 0 (not applicable) and
 * the column is omitted when it or the line is 0, so a printed position is never ambiguous.
 */
public class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long line;
    private final int column;
    private final String problem;

    public DataFormatException(Path file, long line, int column, String problem) {
        this(file, line, column, problem, null);
    }

    public DataFormatException(Path file, long line, int column, String problem, Throwable cause) {
        super(format(file, line, column, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    private static String format(Path file, long line, int column, String problem) {
        requireNonNull(file, "file is null");
        requireNonNull(problem, "problem is null");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative: " + line + ", " + column);
        }
        StringBuilder message = new StringBuilder(file.toString());
        if (line > 0) {
            message.append(':').append(line);
            if (column > 0) {
                message.append(':').append(column);
            }
        }
        return message.append(": ").append(problem).toString();
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** One-based line number, or 0 when the problem is not tied to a line. */
    public long line() {
        return line;
    }

    /** One-based field number within the line, or 0 when the problem is not tied to a field. */
    public int column() {
        return column;
    }

    /** The problem alone, without the position. */
    public String problem() {
        return problem;
    }
}

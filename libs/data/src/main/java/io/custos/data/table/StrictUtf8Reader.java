package io.custos.data.table;

import io.custos.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and refuses anything else, naming the line and byte offset of the first bad
 * byte (the JDK's readers either replace bad bytes silently or fail without a position).
 */
final class StrictUtf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private long bytesConsumed;
    private long line = 1;
    private boolean eof;
    private boolean flushed;

    StrictUtf8Reader(InputStream in) throws IOException {
        this.in = in;
        // A UTF-8 byte order mark is legal but is not part of the first column's name.
        int n = in.readNBytes(bytes.array(), 0, 3);
        boolean bom = n == 3 && (bytes.get(0) & 0xff) == 0xEF && (bytes.get(1) & 0xff) == 0xBB
                && (bytes.get(2) & 0xff) == 0xBF;
        bytes.position(bom ? 3 : 0).limit(n);
        bytesConsumed = bom ? 3 : 0;
        if (n < 3) {
            eof = true;
        }
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.position() == off) {
            if (!bytes.hasRemaining() && eof) {
                if (!flushed) {
                    decoder.decode(bytes, out, true);
                    decoder.flush(out);
                    flushed = true;
                }
                return out.position() == off ? -1 : finish(cbuf, off, out.position());
            }
            if (!eof) {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            int before = bytes.position();
            CoderResult r = decoder.decode(bytes, out, eof);
            bytesConsumed += bytes.position() - before;
            if (r.isError()) {
                countLines(cbuf, off, out.position());
                throw new DataException("file", "line " + line + " is not valid UTF-8 (byte offset " + bytesConsumed
                        + "); save the file as UTF-8");
            }
            if (eof && !bytes.hasRemaining() && out.position() == off) {
                return -1;
            }
        }
        return finish(cbuf, off, out.position());
    }

    private int finish(char[] cbuf, int off, int end) {
        countLines(cbuf, off, end);
        return end - off;
    }

    private void countLines(char[] cbuf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (cbuf[i] == '\n') {
                line++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

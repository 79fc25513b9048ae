package org.doorwatch.gateway.delivery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Folds the messages waiting for one robot into as few messages as its byte limit allows. Pure.
 *
 * <p>A robot takes 20 messages a minute; a burst (a power cut ending, a dead gateway's backlog)
 * would otherwise be refused ({@code 45009}, {@code 130101}) and lost to people's attention. One
 * waiting entry goes as its own message; several go as one digest, in order, as many as fit the
 * byte limit; the rest wait for the next message. Nothing is dropped: an entry too long even
 * alone is shortened (at a character boundary, with "…"), never left out. @-mentions are the union
 * of the entries' and, where the provider needs them in the text (DingTalk), counted in the bytes.
 */
final class Digest {

    /** One alert waiting: its message alone, its line in a digest, the people it mentions. */
    record Entry(String single, String line, List<String> mentions) {}

    /** A message to send: its text, who it mentions, and how many entries (from the head) it carries. */
    record Message(String text, List<String> mentions, int entries) {}

    private Digest() {}

    /**
     * @param waiting        the entries in order, at least one
     * @param maxBytes       the provider's limit for the content
     * @param mentionsInText whether "@phone" must be written into the text (DingTalk)
     */
    static Message fold(List<Entry> waiting, int maxBytes, boolean mentionsInText) {
        if (waiting.isEmpty()) {
            throw new IllegalArgumentException("nothing to fold");
        }
        if (waiting.size() == 1) {
            Entry e = waiting.get(0);
            return new Message(withMentions(e.single(), e.mentions(), mentionsInText, maxBytes), e.mentions(), 1);
        }
        Set<String> mentions = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        for (Entry e : waiting) {
            Set<String> more = new LinkedHashSet<>(mentions);
            more.addAll(e.mentions());
            List<String> tryLines = new ArrayList<>(lines);
            tryLines.add((tryLines.size() + 1) + ". " + e.line());
            String text = render(tryLines, waiting.size(), more, mentionsInText);
            if (Utf8.bytes(text) > maxBytes) {
                break;
            }
            lines = tryLines;
            mentions = more;
        }
        if (lines.isEmpty()) { // even one line does not fit: send the head alone, shortened
            Entry e = waiting.get(0);
            return new Message(withMentions(e.single(), e.mentions(), mentionsInText, maxBytes), e.mentions(), 1);
        }
        return new Message(render(lines, waiting.size(), mentions, mentionsInText), List.copyOf(mentions), lines.size());
    }

    private static String render(List<String> lines, int waiting, Set<String> mentions, boolean mentionsInText) {
        StringBuilder b = new StringBuilder("【告警汇总】").append(lines.size()).append(" 条");
        if (lines.size() < waiting) {
            b.append("（另有 ").append(waiting - lines.size()).append(" 条随后发出）");
        }
        b.append("，机器人每分钟限发消息，已合并发送：");
        for (String l : lines) {
            b.append('\n').append(l);
        }
        if (mentionsInText && !mentions.isEmpty()) {
            b.append('\n');
            for (String m : mentions) {
                b.append('@').append(m).append(' ');
            }
        }
        return b.toString().strip();
    }

    private static String withMentions(String text, List<String> mentions, boolean mentionsInText, int maxBytes) {
        if (!mentionsInText || mentions.isEmpty()) {
            return Utf8.cut(text, maxBytes);
        }
        StringBuilder tail = new StringBuilder("\n");
        for (String m : mentions) {
            tail.append('@').append(m).append(' ');
        }
        String t = tail.toString().stripTrailing();
        return Utf8.cut(text, maxBytes - Utf8.bytes(t)) + t;
    }
}

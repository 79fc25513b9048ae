package org.doorwatch.gateway.config;

import java.util.Collection;

/** "Did you mean" for the command line, with the config validator's judgement of closeness. */
public final class Suggest {

    private Suggest() {}

    /** " (did you mean 'x'?)" or the empty string. */
    public static String hint(String word, Collection<String> candidates) {
        return DidYouMean.hint(word, candidates);
    }
}

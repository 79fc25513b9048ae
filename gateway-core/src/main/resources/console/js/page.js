// Pages without a live list: the confirm dialogs and in-place updates of common.js only.
import './common.js';

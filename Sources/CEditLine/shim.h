// The slice of libedit (BSD editline, `libedit-dev`) that busctl uses.
//
// `el_set`, `el_get` and `history` are C variadic functions, which Swift
// cannot call, and `stdin`/`stdout`/`stderr` are mutable C globals, which
// Swift 6 refuses to read. Each use gets a small non-variadic wrapper here.
#ifndef BUSCTL_CEDITLINE_SHIM_H
#define BUSCTL_CEDITLINE_SHIM_H

#include <stdio.h>
#include <histedit.h>

/// The prompt callback libedit calls before each line is read.
typedef char *(*busctl_prompt_function)(EditLine *);

/// Starts an editor on the process's standard input, output and error.
static inline EditLine *busctl_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

/// Sets the prompt callback (EL_PROMPT).
static inline int busctl_el_set_prompt(EditLine *el, busctl_prompt_function function) {
    return el_set(el, EL_PROMPT, function);
}

/// Chooses the key bindings: "emacs" or "vi" (EL_EDITOR).
static inline int busctl_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/// Whether libedit installs its own signal handlers (EL_SIGNAL). busctl
/// turns them off: it handles SIGINT itself.
static inline int busctl_el_set_signal(EditLine *el, int flag) {
    return el_set(el, EL_SIGNAL, flag);
}

/// Connects a history list to the editor, for Up/Down and searches (EL_HIST).
static inline int busctl_el_set_history(EditLine *el, History *hist) {
    return el_set(el, EL_HIST, history, hist);
}

/// Stores a pointer the prompt callback can read back (EL_CLIENTDATA).
static inline int busctl_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

/// Reads back the pointer stored with `busctl_el_set_clientdata`.
static inline void *busctl_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) {
        return NULL;
    }
    return data;
}

/// Binds a key sequence to a named editor command (EL_BIND), e.g. "^R"
/// to "em-inc-search-prev".
static inline int busctl_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}

/// An editor command added with `busctl_el_add_function`: returns one of
/// the CC_* codes (CC_REFRESH after changing the line, CC_REDISPLAY after
/// writing below it, CC_REFRESH_BEEP when there is nothing to do).
typedef unsigned char (*busctl_editor_function)(EditLine *, int);

/// Adds a named editor command (EL_ADDFN), to be bound to a key with
/// `busctl_el_bind`.
static inline int busctl_el_add_function(EditLine *el, const char *name, const char *help, busctl_editor_function function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/// Limits the number of history entries kept (H_SETSIZE).
static inline int busctl_history_set_size(History *hist, int size) {
    HistEvent event;
    return history(hist, &event, H_SETSIZE, size);
}

/// Skips an entry equal to the one before it (H_SETUNIQUE).
static inline int busctl_history_set_unique(History *hist, int flag) {
    HistEvent event;
    return history(hist, &event, H_SETUNIQUE, flag);
}

/// Adds an entry (H_ENTER). Newlines inside the entry are kept: a
/// multi-line statement is one entry.
static inline int busctl_history_enter(History *hist, const char *line) {
    HistEvent event;
    return history(hist, &event, H_ENTER, line);
}

/// Reads entries from a history file (H_LOAD); returns the count or -1.
static inline int busctl_history_load(History *hist, const char *path) {
    HistEvent event;
    return history(hist, &event, H_LOAD, path);
}

/// Writes every entry to a history file (H_SAVE); returns the count or -1.
static inline int busctl_history_save(History *hist, const char *path) {
    HistEvent event;
    return history(hist, &event, H_SAVE, path);
}

#endif

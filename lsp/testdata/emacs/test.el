;;; test.el --- drive `edgelint lsp' from Emacs with Eglot  -*- lexical-binding: t -*-

;; Run as `emacs --batch -l test.el' (not -Q: Debian's site start-up
;; puts its ELPA packages on the load path) (Emacs 28 with elpa-eglot, or
;; Emacs 29 or later with its built-in Eglot): opens cdn.tf of a broken
;; Terraform module in $EDGELINT_EMACS_DIR, starts $EDGELINT_BIN lsp
;; through Eglot, waits for the diagnostics in Flymake, asks for hover
;; over EL004, lists the code actions on its range and applies the
;; preferred one, saves the buffer and waits for the fixed line's
;; diagnostic to go. It writes what it saw to $EDGELINT_EMACS_RESULT as
;; JSON and exits; emacs_test.go checks it.
;;
;; Batch Emacs runs no idle timers, which Flymake and Eglot use to start
;; checks and to send changes: the script calls `flymake-start' while it
;; waits, and saving sends the pending didChange before didSave, as in an
;; interactive session.

;;; Code:

(require 'package)
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'json)

(defvar edgelint-test-bin (getenv "EDGELINT_BIN"))
(defvar edgelint-test-dir (file-name-as-directory (getenv "EDGELINT_EMACS_DIR")))
(defvar edgelint-test-result (getenv "EDGELINT_EMACS_RESULT"))
(defvar edgelint-test-out (list (cons 'steps [])))

(defun edgelint-test-put (key value)
  (setf (alist-get key edgelint-test-out) value))

(defun edgelint-test-step (name)
  (edgelint-test-put 'steps (vconcat (alist-get 'steps edgelint-test-out) (list name))))

(define-derived-mode terraform-mode prog-mode "Terraform"
  "A stand-in major mode: Eglot names the language after it (terraform).")
(add-to-list 'auto-mode-alist '("\\.tf\\'" . terraform-mode))
(setq eglot-server-programs `((terraform-mode . (,edgelint-test-bin "lsp"))))
(setq eglot-sync-connect t
      eglot-autoshutdown nil
      make-backup-files nil)

(defun edgelint-test-code (diag)
  "The LSP code of the Flymake diagnostic DIAG."
  (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diag))) :code))

(defun edgelint-test-column (pos)
  "POS's column in characters (code points), not display columns."
  (- pos (save-excursion (goto-char pos) (line-beginning-position))))

(defun edgelint-test-diags ()
  "The buffer's Flymake diagnostics: 1-based lines, 0-based columns in characters."
  (let (list)
    (dolist (d (flymake-diagnostics))
      (let ((beg (flymake-diagnostic-beg d))
            (end (flymake-diagnostic-end d)))
        (push `((code . ,(or (edgelint-test-code d) :null))
                (line . ,(line-number-at-pos beg t))
                (col . ,(edgelint-test-column beg))
                (end_line . ,(line-number-at-pos end t))
                (end_col . ,(edgelint-test-column end))
                (type . ,(symbol-name (flymake-diagnostic-type d)))
                (message . ,(flymake-diagnostic-text d)))
              list)))
    (vconcat (sort list (lambda (a b) (string< (format "%s" (alist-get 'code a))
                                                (format "%s" (alist-get 'code b))))))))

(defun edgelint-test-find (code &optional line)
  (seq-find (lambda (d) (and (equal (edgelint-test-code d) code)
                             (or (null line) (= line (line-number-at-pos (flymake-diagnostic-beg d) t)))))
            (flymake-diagnostics)))

(defun edgelint-test-wait (what pred &optional seconds)
  "Process server output and run Flymake until PRED holds, or fail after SECONDS."
  (let ((deadline (+ (float-time) (or seconds 20))))
    (while (not (funcall pred))
      (when (> (float-time) deadline)
        (error "%s: not within %s s; diagnostics %S" what (or seconds 20) (edgelint-test-diags)))
      (accept-process-output nil 0.05)
      (flymake-start))))

(defun edgelint-test-run ()
  (find-file (expand-file-name "cdn.tf" edgelint-test-dir))
  (apply #'eglot (eglot--guess-contact))
  (let ((server (eglot-current-server)))
    (unless server (error "Eglot did not connect"))
    (edgelint-test-put 'server_name (plist-get (eglot--server-info server) :name))
    (edgelint-test-step "started")

    (edgelint-test-wait "EL004 and EL005"
                        (lambda () (and (edgelint-test-find "EL004") (edgelint-test-find "EL005"))))
    (edgelint-test-put 'initial (edgelint-test-diags))
    (edgelint-test-step "diagnostics")

    ;; Hover inside the EL004 range, as eldoc asks.
    (let* ((el004 (edgelint-test-find "EL004"))
           (line (line-number-at-pos (flymake-diagnostic-beg el004) t))
           (hover (jsonrpc-request server :textDocument/hover
                                   (list :textDocument (eglot--TextDocumentIdentifier)
                                         :position (eglot--pos-to-lsp-position
                                                    (+ 2 (flymake-diagnostic-beg el004)))))))
      (edgelint-test-put 'hover (or (plist-get (plist-get hover :contents) :value) :null))
      (edgelint-test-step "hover")

      ;; The code actions on the EL004 range, with the diagnostic in the
      ;; context; the preferred one is applied.
      (let* ((actions (eglot-code-actions (flymake-diagnostic-beg el004) (flymake-diagnostic-end el004)))
             (preferred (or (seq-find (lambda (a) (plist-get a :isPreferred)) actions) (car actions))))
        (edgelint-test-put 'actions
                           (vconcat (mapcar (lambda (a) `((title . ,(plist-get a :title))
                                                          (kind . ,(or (plist-get a :kind) :null))
                                                          (preferred . ,(if (plist-get a :isPreferred) t :json-false))))
                                            actions)))
        (edgelint-test-step "code actions")
        (when preferred
          (eglot--apply-workspace-edit (plist-get preferred :edit))
          (edgelint-test-put 'fixed_line (save-excursion
                                           (goto-char (point-min))
                                           (forward-line (1- line))
                                           (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
          (save-buffer)
          (edgelint-test-step "saved")
          (edgelint-test-wait (format "the diagnostic on line %d to go after the fix and save" line)
                              (lambda () (not (seq-find (lambda (d) (= line (line-number-at-pos (flymake-diagnostic-beg d) t)))
                                                        (flymake-diagnostics)))))
          (edgelint-test-put 'after_fix (edgelint-test-diags))
          (edgelint-test-step "fixed"))))

    ;; shutdown and exit, as `eglot-shutdown' sends them, but waiting for
    ;; the server to exit on its own (jsonrpc kills it right after exit).
    (let ((proc (jsonrpc--process server))
          (deadline (+ (float-time) 10)))
      (jsonrpc-request server :shutdown nil)
      (jsonrpc-notify server :exit nil)
      (while (and (process-live-p proc) (< (float-time) deadline))
        (accept-process-output nil 0.05))
      (edgelint-test-put 'exit_code (if (process-live-p proc) :null (process-exit-status proc))))
    (edgelint-test-step "stopped")))

(let ((ok t))
  (condition-case err
      (edgelint-test-run)
    (error (setq ok nil)
           (edgelint-test-put 'error (error-message-string err))))
  (edgelint-test-put 'ok (if ok t :json-false))
  (edgelint-test-put 'emacs_version emacs-version)
  (with-temp-file edgelint-test-result
    (insert (json-encode edgelint-test-out)))
  (kill-emacs 0))

;;; test.el ends here

/**
 * Every renderer bundle carries its own copy of `@vscode-elements/elements`, and VS Code loads
 * several renderers into one webview. The second copy finds its custom elements already defined
 * (by an identical copy), skips them, and would log a warning per element; this flag, read by
 * vscode-elements at registration, silences that. Import this module before any component.
 */
(globalThis as Record<string, unknown>).__vscodeElements_disableRegistryWarning__ = true;

export {};

/**
 * The --vscode-* colour variables VS Code gives a webview under its default themes, so the harness
 * can render the editor page as each theme would. Values read from a real workbench (code-server
 * 4.139 / VS Code 1.10x): a webview's <html style> under "Default Light+", "Default Dark+",
 * "Default High Contrast" and "Default High Contrast Light". A variable a theme leaves unset (the high
 * contrast themes have no list selection background, for one) is absent here too, as it is there.
 */
export type ThemeName = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** The classes VS Code puts on the webview's <body> for each kind of theme (a light high contrast theme is also a high contrast one). */
export const THEME_BODY_CLASSES: Record<ThemeName, string[]> = {
  light: ['vscode-light'], dark: ['vscode-dark'], 'high-contrast': ['vscode-high-contrast'], 'high-contrast-light': ['vscode-high-contrast-light', 'vscode-high-contrast'],
};

/** Fonts the harness always uses (fixed, so row counts and widths do not depend on the theme). */
export const FONT_VARIABLES: Record<string, string> = {
  'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'editor-font-size': '12px',
};

export const THEME_VARIABLES: Record<ThemeName, Record<string, string>> = {
  "light": {
    "foreground": "#616161", "editor-foreground": "#000000", "editor-background": "#ffffff", "descriptionForeground": "#717171",
    "errorForeground": "#a1260d", "focusBorder": "#0090f1", "panel-border": "rgba(128, 128, 128, 0.35)", "input-background": "#ffffff",
    "input-foreground": "#616161", "input-placeholderForeground": "#767676", "list-activeSelectionBackground": "#0060c0", "list-activeSelectionForeground": "#ffffff",
    "list-inactiveSelectionBackground": "#e4e6f1", "list-hoverBackground": "#e8e8e8", "list-focusOutline": "#0090f1", "charts-red": "#e51400",
    "charts-blue": "#0063d3", "charts-green": "#388a34", "charts-purple": "#652d90", "charts-yellow": "#bf8803",
    "charts-orange": "rgba(234, 92, 0, 0.33)", "editorError-foreground": "#e51400", "editorWarning-foreground": "#bf8803", "editorInfo-foreground": "#0063d3",
    "editor-selectionBackground": "#add6ff", "editorLineNumber-foreground": "#237893", "editorGroupHeader-tabsBackground": "#e8e8e8", "editorWidget-background": "#f3f3f3",
    "editorHoverWidget-background": "#f3f3f3", "editorHoverWidget-foreground": "#616161", "editorHoverWidget-border": "rgba(97, 97, 97, 0.2)", "textLink-foreground": "#006ab1",
    "textCodeBlock-background": "rgba(220, 220, 220, 0.4)", "button-background": "#007acc", "button-foreground": "#ffffff", "button-hoverBackground": "#0062a3",
    "button-secondaryBackground": "#e8e8e8", "button-secondaryForeground": "#616161", "button-secondaryHoverBackground": "#ffffff", "inputValidation-errorBackground": "#f2dede",
    "inputValidation-errorBorder": "#be1100", "inputValidation-warningBackground": "#f6f5d2", "inputValidation-warningBorder": "#b89500", "sash-hoverBorder": "#0090f1",
    "icon-foreground": "#424242", "badge-background": "#c4c4c4", "badge-foreground": "#333333", "panelTitle-activeForeground": "#424242",
    "panelTitle-inactiveForeground": "rgba(66, 66, 66, 0.75)", "panelTitle-activeBorder": "#424242", "settings-textInputBackground": "#ffffff", "settings-textInputForeground": "#616161",
    "settings-textInputBorder": "#cecece", "settings-dropdownBackground": "#ffffff", "settings-dropdownForeground": "#616161", "settings-dropdownBorder": "#cecece",
    "settings-dropdownListBorder": "rgba(97, 97, 97, 0.2)",
  },
  "dark": {
    "foreground": "#cccccc", "editor-foreground": "#d4d4d4", "editor-background": "#1e1e1e", "descriptionForeground": "rgba(204, 204, 204, 0.7)",
    "errorForeground": "#f48771", "focusBorder": "#007fd4", "panel-border": "rgba(128, 128, 128, 0.35)", "input-background": "#3c3c3c",
    "input-foreground": "#cccccc", "input-placeholderForeground": "#a6a6a6", "list-activeSelectionBackground": "#04395e", "list-activeSelectionForeground": "#ffffff",
    "list-inactiveSelectionBackground": "#37373d", "list-hoverBackground": "#2a2d2e", "list-focusOutline": "#007fd4", "charts-red": "#f14c4c",
    "charts-blue": "#59a4f9", "charts-green": "#89d185", "charts-purple": "#b180d7", "charts-yellow": "#cca700",
    "charts-orange": "rgba(234, 92, 0, 0.33)", "editorError-foreground": "#f14c4c", "editorWarning-foreground": "#cca700", "editorInfo-foreground": "#59a4f9",
    "editor-selectionBackground": "#264f78", "editorLineNumber-foreground": "#858585", "editorGroupHeader-tabsBackground": "#303031", "editorWidget-background": "#252526",
    "editorHoverWidget-background": "#252526", "editorHoverWidget-foreground": "#cccccc", "editorHoverWidget-border": "rgba(204, 204, 204, 0.2)", "textLink-foreground": "#3794ff",
    "textCodeBlock-background": "rgba(10, 10, 10, 0.4)", "button-background": "#0e639c", "button-foreground": "#ffffff", "button-hoverBackground": "#1177bb",
    "button-secondaryBackground": "#2a2d2e", "button-secondaryForeground": "#cccccc", "button-secondaryHoverBackground": "#333637", "inputValidation-errorBackground": "#5a1d1d",
    "inputValidation-errorBorder": "#be1100", "inputValidation-warningBackground": "#352a05", "inputValidation-warningBorder": "#b89500", "sash-hoverBorder": "#007fd4",
    "icon-foreground": "#c5c5c5", "badge-background": "#4d4d4d", "badge-foreground": "#ffffff", "panelTitle-activeForeground": "#e7e7e7",
    "panelTitle-inactiveForeground": "rgba(231, 231, 231, 0.6)", "panelTitle-activeBorder": "#e7e7e7", "settings-textInputBackground": "#3c3c3c", "settings-textInputForeground": "#cccccc",
    "settings-dropdownBackground": "#3c3c3c", "settings-dropdownForeground": "#f0f0f0", "settings-dropdownBorder": "#3c3c3c", "settings-dropdownListBorder": "rgba(204, 204, 204, 0.2)",
  },
  "high-contrast": {
    "foreground": "#ffffff", "editor-foreground": "#ffffff", "editor-background": "#000000", "descriptionForeground": "rgba(255, 255, 255, 0.7)",
    "errorForeground": "#f48771", "focusBorder": "#f38518", "contrastBorder": "#6fc3df", "contrastActiveBorder": "#f38518",
    "panel-border": "#6fc3df", "input-background": "#000000", "input-foreground": "#ffffff", "input-border": "#6fc3df",
    "input-placeholderForeground": "rgba(255, 255, 255, 0.7)", "list-hoverBackground": "rgba(255, 255, 255, 0.1)", "list-focusOutline": "#f38518", "charts-red": "#f48771",
    "charts-blue": "#59a4f9", "charts-green": "#89d185", "charts-purple": "#b180d7", "charts-yellow": "#ffd370",
    "editorError-foreground": "#f48771", "editorWarning-foreground": "#ffd370", "editorInfo-foreground": "#59a4f9", "editor-selectionBackground": "#ffffff",
    "editor-selectionForeground": "#000000", "editorLineNumber-foreground": "#ffffff", "editorWidget-background": "#0c141f", "editorHoverWidget-background": "#0c141f",
    "editorHoverWidget-foreground": "#ffffff", "editorHoverWidget-border": "#6fc3df", "textLink-foreground": "#21a6ff", "textCodeBlock-background": "#000000",
    "button-background": "#000000", "button-foreground": "#ffffff", "button-hoverBackground": "#000000", "button-border": "#6fc3df",
    "button-secondaryForeground": "#ffffff", "inputValidation-errorBackground": "#000000", "inputValidation-errorBorder": "#6fc3df", "inputValidation-warningBackground": "#000000",
    "inputValidation-warningBorder": "#6fc3df", "sash-hoverBorder": "#f38518", "icon-foreground": "#ffffff", "badge-background": "#000000",
    "badge-foreground": "#ffffff", "panelTitle-activeForeground": "#ffffff", "panelTitle-inactiveForeground": "#ffffff", "panelTitle-activeBorder": "#6fc3df",
    "settings-textInputBackground": "#000000", "settings-textInputForeground": "#ffffff", "settings-textInputBorder": "#6fc3df", "settings-dropdownBackground": "#000000",
    "settings-dropdownForeground": "#ffffff", "settings-dropdownBorder": "#6fc3df", "settings-dropdownListBorder": "#6fc3df",
  },
  "high-contrast-light": {
    "foreground": "#292929", "editor-foreground": "#292929", "editor-background": "#ffffff", "descriptionForeground": "rgba(41, 41, 41, 0.7)",
    "errorForeground": "#b5200d", "focusBorder": "#006bbd", "contrastBorder": "#0f4a85", "contrastActiveBorder": "#006bbd",
    "panel-border": "#0f4a85", "input-background": "#ffffff", "input-foreground": "#292929", "input-border": "#0f4a85",
    "input-placeholderForeground": "rgba(41, 41, 41, 0.7)", "list-activeSelectionBackground": "rgba(15, 74, 133, 0.1)", "list-inactiveSelectionBackground": "rgba(15, 74, 133, 0.1)", "list-hoverBackground": "rgba(15, 74, 133, 0.1)",
    "list-focusOutline": "#006bbd", "charts-red": "#b5200d", "charts-blue": "#0063d3", "charts-green": "#374e06",
    "charts-purple": "#652d90", "charts-yellow": "#895503", "editorError-foreground": "#b5200d", "editorWarning-foreground": "#895503",
    "editorInfo-foreground": "#0063d3", "editor-selectionBackground": "#0f4a85", "editor-selectionForeground": "#ffffff", "editorLineNumber-foreground": "#292929",
    "editorWidget-background": "#ffffff", "editorHoverWidget-background": "#ffffff", "editorHoverWidget-foreground": "#292929", "editorHoverWidget-border": "#0f4a85",
    "textLink-foreground": "#0f4a85", "textCodeBlock-background": "#f2f2f2", "button-background": "#0f4a85", "button-foreground": "#ffffff",
    "button-hoverBackground": "#0f4a85", "button-border": "#0f4a85", "button-secondaryBackground": "#ffffff", "button-secondaryForeground": "#292929",
    "inputValidation-errorBackground": "#ffffff", "inputValidation-errorBorder": "#0f4a85", "inputValidation-warningBackground": "#ffffff", "inputValidation-warningBorder": "#0f4a85",
    "sash-hoverBorder": "#006bbd", "icon-foreground": "#292929", "badge-background": "#0f4a85", "badge-foreground": "#ffffff",
    "panelTitle-activeForeground": "#292929", "panelTitle-inactiveForeground": "#292929", "panelTitle-activeBorder": "#b5200d", "settings-textInputBackground": "#ffffff",
    "settings-textInputForeground": "#292929", "settings-textInputBorder": "#0f4a85", "settings-dropdownBackground": "#ffffff", "settings-dropdownForeground": "#292929",
    "settings-dropdownBorder": "#0f4a85", "settings-dropdownListBorder": "#0f4a85",
  },
};

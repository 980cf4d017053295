export { i18n, t, type MessageKey } from './i18n.svelte';

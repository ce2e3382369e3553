/** The adapter's package name and version: plugins declare a peer range on it. */
export const HOST_NAME = '@plugboard/workflow';
export const HOST_VERSION = '0.1.0';

/** The adapter's name and version: the peer range plugins declare is checked against these. */
export const HOST_NAME = '@plugboard/web';
export const HOST_VERSION = '0.1.0';

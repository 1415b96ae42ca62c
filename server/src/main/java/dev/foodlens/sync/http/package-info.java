/**
 * The HTTP edge: routes, authentication, request ids, body limits, problem+json and the access
 * log. Nothing below this package knows HTTP.
 */
@NullMarked
package dev.foodlens.sync.http;

import org.jspecify.annotations.NullMarked;

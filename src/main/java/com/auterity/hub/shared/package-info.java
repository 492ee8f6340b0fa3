/**
 * What every module may use: the standard error ({@link com.auterity.hub.shared.ServiceError}), the
 * request correlation id, the hub-wide settings and the TTL cache.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package com.auterity.hub.shared;

import org.springframework.modulith.ApplicationModule;

/** Process mining over the hub's own executions and imported event logs. */
package com.auterity.hub.mining;

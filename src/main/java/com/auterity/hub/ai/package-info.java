/** AI model orchestration and the in-process cognitive engine (issue 5). */
package com.auterity.hub.ai;
